package io.ledgerkit.persistence.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.migrations.fixtures.TestAttachmentsSchemaV1;
import io.ledgerkit.persistence.migrations.fixtures.TestNotesSchemaV1;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The offline script of each dialect is produced without any connection and matches the reviewed
 * golden file {@code src/test/resources/golden/<dialect>.sql}. Set {@code
 * -Dledgerkit.golden.update=true} to rewrite the golden files (then review the diff).
 */
class OfflineSqlTest {

  /** The fixture schemas of the golden scripts, in run order; no database configured at all. */
  static SchemaMigration offlineFixture() {
    return SchemaMigration.configure()
        .schema(new TestAttachmentsSchemaV1())
        .schema(new TestNotesSchemaV1())
        .load();
  }

  static String offlineSql(SqlDialect dialect) {
    StringWriter out = new StringWriter();
    offlineFixture().generateSql(dialect, out);
    return out.toString();
  }

  static String golden(SqlDialect dialect) throws IOException {
    try (InputStream in =
        OfflineSqlTest.class.getResourceAsStream("/golden/" + dialect.shortName() + ".sql")) {
      assertThat(in).as("golden file golden/%s.sql", dialect.shortName()).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void offlineScriptMatchesReviewedGoldenFile(SqlDialect dialect) throws IOException {
    String sql = offlineSql(dialect);
    if (Boolean.getBoolean("ledgerkit.golden.update")) {
      Path file = Path.of("src/test/resources/golden/" + dialect.shortName() + ".sql");
      Files.createDirectories(file.getParent());
      Files.writeString(file, sql);
    }
    assertThat(sql).isEqualTo(golden(dialect));
    // deterministic: a second run yields the same bytes
    assertThat(offlineSql(dialect)).isEqualTo(sql);
  }

  @Test
  void h2ScriptBuildsTheSameTablesAsMigrateAndVerifiesUpToDate() throws Exception {
    String scripted = H2Databases.freshUrl();
    try (Connection c = H2Databases.open(scripted);
        Statement s = c.createStatement()) {
      for (String statement : SqlScripts.statements(offlineSql(SqlDialect.H2))) {
        s.execute(statement);
      }
    }
    String migrated = H2Databases.freshUrl();
    SchemaMigration.configure()
        .url(migrated, "sa", "")
        .schema(new TestAttachmentsSchemaV1())
        .schema(new TestNotesSchemaV1())
        .load()
        .migrate();
    try (Connection a = H2Databases.open(scripted);
        Connection b = H2Databases.open(migrated)) {
      // the lock table is created by a live run only; everything else must be identical
      var fromScript = H2Databases.tables(a, "PUBLIC");
      var fromMigrate = H2Databases.tables(b, "PUBLIC");
      assertThat(fromMigrate.remove("DATABASECHANGELOGLOCK")).isNotNull();
      assertThat(fromScript).containsKeys("ATTACHMENT", "NOTE").isEqualTo(fromMigrate);
      assertThat(H2Databases.history(a)).isEqualTo(H2Databases.history(b));
    }
    // the database built from the script is recognised as up to date
    SchemaMigration.configure()
        .url(scripted, "sa", "")
        .schema(new TestAttachmentsSchemaV1())
        .schema(new TestNotesSchemaV1())
        .load()
        .verify();
  }
}
