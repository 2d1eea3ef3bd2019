package io.ledgerkit.persistence.cli.migrations;

import static io.ledgerkit.persistence.cli.migrations.CliRun.args;
import static io.ledgerkit.persistence.cli.migrations.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The migration commands against PostgreSQL (the running server, else the embedded one). */
class MigrationCommandsPostgresTest {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  @TempDir Path dir;

  private static List<String> tables(TestDatabase d) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = d.dataSource().getConnection();
        ResultSet rs = c.getMetaData().getTables(null, d.schema(), "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  private static CliRun ok(CliRun r) {
    assertThat(r.exit()).as(r.toString()).isZero();
    return r;
  }

  @Test
  void migrateVerifyStatusGenerateTagRollbackDropAll(TestDatabase d) throws Exception {
    List<String> conn =
        new ArrayList<>(List.of("--working-dir", dir.toString(), "--url", d.jdbcUrl()));
    if (d.user() != null) {
      conn.addAll(List.of("--user", d.user()));
    }
    if (d.password() != null) {
      conn.addAll(List.of("--password", d.password()));
    }
    conn.addAll(List.of("--schema", "test-attachments", "--schema", "test-notes"));
    String[] c = conn.toArray(String[]::new);

    CliRun before = run(args(List.of("verify"), c));
    assertThat(before.exit()).as(before.toString()).isEqualTo(1);
    assertThat(before.err())
        .contains("test-attachments-v12-2 (migration/test-attachments-v12.xml)");

    Path delta = dir.resolve("delta.sql");
    CliRun gen = run(args(List.of("generate-sql", "--out", delta.toString()), c));
    assertThat(gen.exit()).as(gen.toString()).isZero();
    assertThat(Files.readString(delta))
        .contains("CREATE TABLE " + d.schema() + ".attachment")
        .contains("BYTEA")
        .contains("length(content)");
    assertThat(tables(d)).doesNotContain("attachment");

    CliRun migrate = run(args(List.of("migrate"), c));
    assertThat(migrate.exit()).as(migrate.toString()).isZero();
    assertThat(migrate.out())
        .contains("applied test-attachments-v12-2 (migration/test-attachments-v12.xml)")
        .contains("Applied 5 change set(s).");
    assertThat(tables(d)).contains("attachment", "note", "databasechangelog");
    CliRun verified = run(args(List.of("verify"), c));
    assertThat(verified.exit()).as(verified.toString()).isZero();

    CliRun tag = run(args(List.of("tag", "v1"), c));
    assertThat(tag.exit()).as(tag.toString()).isZero();
    CliRun status = run(args(List.of("status"), c));
    assertThat(status.out()).contains("4 applied, 0 pending, last tag v1");
    CliRun back = run(args(List.of("rollback", "--count", "2"), c));
    assertThat(back.exit()).as(back.toString()).isZero();
    assertThat(back.out())
        .contains("rolled back test-notes-1")
        .contains("rolled back test-attachments-v12-2");
    assertThat(tables(d)).doesNotContain("note");
    assertThat(run(args(List.of("verify"), c)).exit()).isEqualTo(1);
    // tags mark the most recent change set: v1 went with the rolled back ones; tag anew
    ok(run(args(List.of("tag", "base"), c)));
    ok(run(args(List.of("migrate"), c)));
    ok(run(args(List.of("rollback", "--to-tag", "base"), c)));
    assertThat(tables(d)).contains("attachment").doesNotContain("note");

    assertThat(run(args(List.of("drop-all"), c)).exit()).isEqualTo(2);
    CliRun drop = run(args(List.of("drop-all", "--yes"), c));
    assertThat(drop.exit()).as(drop.toString()).isZero();
    assertThat(tables(d)).isEmpty();
  }
}
