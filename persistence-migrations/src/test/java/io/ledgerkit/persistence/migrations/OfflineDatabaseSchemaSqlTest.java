package io.ledgerkit.persistence.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.migrations.fixtures.TestTagsSchemaV1;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The offline script of a schema with a database schema option puts every table it owns (the
 * parent, the collection and join tables, their keys) and its sequence in that database schema, on
 * every dialect; compared with {@code golden/database-schema/<dialect>.sql} (rewrite with {@code
 * -Dledgerkit.golden.update=true}, then review the diff).
 */
class OfflineDatabaseSchemaSqlTest {

  static String offlineSql(SqlDialect dialect) {
    StringWriter out = new StringWriter();
    SchemaMigration.configure()
        .schema(new TestTagsSchemaV1(), new SchemaOptions("ledger", "t_"))
        .load()
        .generateSql(dialect, out);
    return out.toString();
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void everyTableAndSequenceGoesIntoTheDatabaseSchema(SqlDialect dialect) throws IOException {
    String sql = offlineSql(dialect);
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
    String upper = sql.toUpperCase(java.util.Locale.ROOT);
    for (String table : new String[] {"T_TAGGED ", "T_TAGGED_TAGS", "T_TAGGED_LINKS"}) {
      assertThat(upper).as(table).contains("CREATE TABLE LEDGER." + table.trim());
    }
    if (dialect != SqlDialect.MYSQL) {
      assertThat(upper).contains("CREATE SEQUENCE").contains("LEDGER.T_TAG_SEQ");
    }
  }
}
