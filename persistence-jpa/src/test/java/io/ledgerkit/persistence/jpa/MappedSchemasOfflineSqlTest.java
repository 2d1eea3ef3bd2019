package io.ledgerkit.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.jpa.fixtures.LinkedSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.SequencedSchemaV1;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.migrations.SqlDialect;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The offline scripts of the fixtures with a secondary table and a many-to-many join table ({@code
 * LinkedSchemaV1}) and with a sequence and a generator table ({@code SequencedSchemaV1}), under a
 * database schema and a prefix, on every dialect: every table and the sequence (on MySQL its
 * one-row table) are created in the database schema. Compared with {@code
 * golden/database-schema/<dialect>.sql} (rewrite with {@code -Dledgerkit.golden.update=true}, then
 * review the diff); SQL Server and Oracle are checked only here.
 */
class MappedSchemasOfflineSqlTest {

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void secondaryJoinGeneratorTablesAndSequencesGoIntoTheDatabaseSchema(SqlDialect dialect)
      throws IOException {
    StringWriter out = new StringWriter();
    SchemaOptions options = new SchemaOptions("ledger", "p_");
    SchemaMigration.configure()
        .schema(new LinkedSchemaV1(), options)
        .schema(new SequencedSchemaV1(), options)
        .load()
        .generateSql(dialect, out);
    String sql = out.toString();
    String resource = "golden/database-schema/" + dialect.shortName() + ".sql";
    if (Boolean.getBoolean("ledgerkit.golden.update")) {
      Path file = Path.of("src/test/resources/" + resource);
      Files.createDirectories(file.getParent());
      Files.writeString(file, sql);
    }
    try (InputStream in = getClass().getResourceAsStream("/" + resource)) {
      assertThat(in).as(resource).isNotNull();
      assertThat(sql).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    String upper = sql.toUpperCase(Locale.ROOT);
    for (String table :
        new String[] {
          "P_LINKED_STATES",
          "P_LINKED_DETAILS",
          "P_LINKED_LABELS",
          "P_LINKED_LABEL_LINKS",
          "P_SEQ_BATCHES",
          "P_SEQ_ITEMS",
          "P_SEQ_MEMOS",
          "P_SEQ_MEMO_IDS"
        }) {
      assertThat(upper).as(table).contains("CREATE TABLE LEDGER." + table + " ");
    }
    assertThat(upper).doesNotContain("CREATE TABLE P_");
    if (dialect == SqlDialect.MYSQL) {
      assertThat(upper)
          .contains("CREATE TABLE LEDGER.P_SEQ_ITEM_IDS (NEXT_VAL BIGINT")
          .doesNotContain("CREATE SEQUENCE");
    } else {
      // PostgreSQL writes "CREATE SEQUENCE  IF NOT EXISTS ledger...."
      assertThat(upper)
          .containsPattern("CREATE SEQUENCE (\\s*IF NOT EXISTS )?LEDGER\\.P_SEQ_ITEM_IDS ");
    }
  }
}
