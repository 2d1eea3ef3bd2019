package io.ledgerkit.persistence.cli.migrations;

import static io.ledgerkit.persistence.cli.migrations.CliRun.args;
import static io.ledgerkit.persistence.cli.migrations.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.migrations.SqlDialect;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration commands against the default embedded H2 file database (in a temporary working
 * directory), with the fixture schemas found on the classpath through ServiceLoader.
 */
class MigrationCommandsH2Test {

  @TempDir Path dir;

  private List<String> base;

  @BeforeEach
  void setUp() {
    base =
        List.of(
            "--working-dir",
            dir.toString(),
            "--schema",
            "test-attachments",
            "--schema",
            "TestNotes");
  }

  private String h2Url() {
    return "jdbc:h2:file:" + dir.resolve("ledgerkit-data/ledgerkit");
  }

  private List<String> tables() throws Exception {
    return PluginJars.tables(h2Url());
  }

  private CliRun cmd(String command, String... more) {
    String[] rest = args(base, more);
    String[] all = new String[rest.length + 1];
    all[0] = command;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return run(all);
  }

  @Test
  void verifyFailsThenMigratePrintsEachChangeSetThenVerifyPasses() throws Exception {
    CliRun before = cmd("verify");
    assertThat(before.exit()).as(before.toString()).isEqualTo(1);
    assertThat(before.err())
        .contains("test-attachments-init-1 (migration/test-attachments-init.xml)")
        .contains("test-notes-1")
        .contains("ledgerkit migrate");

    CliRun migrate = cmd("migrate");
    assertThat(migrate.exit()).as(migrate.toString()).isZero();
    assertThat(migrate.out())
        .contains("applied test-attachments-init-1 (migration/test-attachments-init.xml)")
        .contains("applied test-attachments-v12-3")
        .contains("applied test-notes-1")
        .contains("Applied 5 change set(s).")
        .contains(dir.resolve("ledgerkit-data").toString());
    assertThat(tables()).contains("ATTACHMENT", "NOTE", "DATABASECHANGELOG");

    CliRun again = cmd("migrate");
    assertThat(again.exit()).isZero();
    assertThat(again.out()).contains("up to date").doesNotContain("applied ");

    CliRun after = cmd("verify");
    assertThat(after.exit()).as(after.toString()).isZero();
    assertThat(after.out()).contains("is up to date (2 schemas)");
  }

  @Test
  void statusTagRollbackAndDropAll() throws Exception {
    assertThat(cmd("migrate").exit()).isZero();
    CliRun count = cmd("rollback", "--count", "1");
    assertThat(count.exit()).as(count.toString()).isZero();
    assertThat(count.out())
        .contains("rolled back test-notes-1")
        .contains("Rolled back 1 change set(s).");
    assertThat(tables()).doesNotContain("NOTE");
    CliRun pending = cmd("status");
    assertThat(pending.out()).contains("0 applied, 1 pending").contains("  pending test-notes-1");

    // a release of the attachments only; then the notes arrive and are rolled back to the tag
    CliRun tag = cmd("tag", "release-1");
    assertThat(tag.exit()).as(tag.toString()).isZero();
    assertThat(cmd("migrate").exit()).isZero();
    CliRun status = cmd("status");
    assertThat(status.exit()).as(status.toString()).isZero();
    assertThat(status.out())
        .contains(
            "TestAttachments v1 (migration/test-attachments.changelog-master.xml): 4 applied,"
                + " 0 pending, last tag release-1")
        .contains("TestNotes v1 (migration/test-notes.changelog-master.xml): 1 applied, 0 pending");
    CliRun toTag = cmd("rollback", "--to-tag", "release-1");
    assertThat(toTag.exit()).as(toTag.toString()).isZero();
    assertThat(tables()).doesNotContain("NOTE").contains("ATTACHMENT");
    assertThat(cmd("verify").exit()).isEqualTo(1);

    CliRun neither = cmd("rollback");
    assertThat(neither.exit()).isEqualTo(2);
    CliRun unknownTag = cmd("rollback", "--to-tag", "nope");
    assertThat(unknownTag.exit()).isEqualTo(1);
    assertThat(unknownTag.err()).contains("tag 'nope' does not exist").doesNotContain("\tat ");

    CliRun refused = cmd("drop-all");
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(2);
    assertThat(refused.err()).contains("--yes");
    assertThat(tables()).contains("ATTACHMENT");
    CliRun dropped = cmd("drop-all", "--yes");
    assertThat(dropped.exit()).as(dropped.toString()).isZero();
    assertThat(tables()).isEmpty();

    CliRun release = cmd("release-locks");
    assertThat(release.exit()).as(release.toString()).isZero();
  }

  @Test
  void generateSqlForEveryDialectMatchesTheReviewedScripts() throws Exception {
    for (SqlDialect d : SqlDialect.values()) {
      Path file = dir.resolve(d.shortName() + ".sql");
      CliRun r =
          cmd("generate-sql", "--dialect", d.shortName().toUpperCase(), "--out", file.toString());
      assertThat(r.exit()).as(r.toString()).isZero();
      try (InputStream golden =
          getClass().getResourceAsStream("/golden/" + d.shortName() + ".sql")) {
        assertThat(Files.readString(file))
            .as(d.shortName())
            .isEqualTo(new String(golden.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    // offline generation used no database: none was created
    assertThat(dir.resolve("ledgerkit-data")).doesNotExist();

    CliRun stdout = cmd("generate-sql", "--dialect", "oracle", "--out", "-");
    assertThat(stdout.exit()).as(stdout.toString()).isZero();
    assertThat(stdout.out()).contains("dbms_lob.getlength(content)").contains("NUMBER(38, 0)");

    CliRun bad = cmd("generate-sql", "--dialect", "sqlite");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("unknown dialect 'sqlite'").contains("postgresql");

    // without --out: a timestamped file in the working directory; without --dialect: the delta
    CliRun delta = cmd("generate-sql");
    assertThat(delta.exit()).as(delta.toString()).isZero();
    try (Stream<Path> files = Files.list(dir)) {
      Path generated =
          files
              .filter(
                  p ->
                      p.getFileName().toString().matches("ledgerkit-migration-\\d{8}-\\d{6}\\.sql"))
              .findFirst()
              .orElseThrow();
      assertThat(Files.readString(generated)).contains("CREATE TABLE PUBLIC.attachment");
    }
  }

  @Test
  void nodeStyleAliases() throws Exception {
    Path file = dir.resolve("pending.sql");
    CliRun gen = run(args(base, "--just-generate-database-migration", file.toString()));
    assertThat(gen.exit()).as(gen.toString()).isZero();
    assertThat(Files.readString(file)).contains("CREATE TABLE PUBLIC.note");

    CliRun mig = run(args(base, "--just-run-db-migration"));
    assertThat(mig.exit()).as(mig.toString()).isZero();
    assertThat(mig.out()).contains("applied test-notes-1");
    assertThat(tables()).contains("ATTACHMENT", "NOTE");
  }

  @Test
  void schemasListsClasspathSchemasAndTheSelectionNarrowsThem() {
    CliRun all = run("schemas", "--working-dir", dir.toString());
    assertThat(all.exit()).as(all.toString()).isZero();
    assertThat(all.out())
        .contains(
            "io.ledgerkit.persistence.migrations.fixtures.TestAttachments v1  migration/test-attachments.changelog-master.xml  [classpath]")
        .contains("io.ledgerkit.persistence.migrations.fixtures.TestNotes v1");
    CliRun one = run("schemas", "--working-dir", dir.toString(), "--schema", "test-notes");
    assertThat(one.out()).contains("TestNotes").doesNotContain("TestAttachments");
    CliRun unknown = run("schemas", "--working-dir", dir.toString(), "--schema", "nope");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("--schema 'nope' matches no schema")
        .contains("TestNotes v1");
  }

  @Test
  void pluginJarSchemasAreFoundAndMigrated() throws Exception {
    Path plugins = PluginJars.build(dir.resolve("build"));
    assertThat(getClass().getClassLoader().getResource("lk/plugin/PluginLedgerSchemaV1.class"))
        .isNull();
    CliRun list = run("schemas", "--working-dir", dir.toString(), "--plugins", plugins.toString());
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out())
        .contains(
            "lk.plugin.PluginLedger v1  migration/plugin-ledger.changelog-master.xml  [plugin plugin-ledger-1.0.jar]");

    List<String> plugin =
        List.of(
            "--working-dir",
            dir.toString(),
            "--plugins",
            plugins.toString(),
            "--schema",
            "plugin-ledger");
    CliRun migrate = run(args(List.of("migrate"), plugin.toArray(String[]::new)));
    assertThat(migrate.exit()).as(migrate.toString()).isZero();
    assertThat(migrate.out())
        .contains(
            "applied plugin-ledger-1 (migration/plugin-ledger.changelog-master.xml) of lk.plugin.PluginLedger");
    assertThat(tables()).contains("PLUGIN_ENTRY").doesNotContain("ATTACHMENT");
    assertThat(run(args(List.of("verify"), plugin.toArray(String[]::new))).exit()).isZero();

    CliRun notADir = run("schemas", "--plugins", dir.resolve("missing").toString());
    assertThat(notADir.exit()).isEqualTo(2);
  }

  @Test
  void propertiesFileGivesTheConnectionAndPasswordsAreNeverPrinted() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("fromprops");
    Files.writeString(
        dir.resolve("ledgerkit.properties"),
        "database.url=" + url + "\ndatabase.user=sa\ndatabase.password=\n");
    CliRun r = cmd("migrate");
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).contains(url);
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM DATABASECHANGELOG")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(5);
    }

    CliRun down =
        cmd(
            "verify",
            "--url",
            "jdbc:postgresql://127.0.0.1:1/none?password=s3cret-url",
            "--user",
            "x",
            "--password",
            "s3cret-opt");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err().lines().count()).as(down.err()).isEqualTo(1);
    assertThat(down.err()).contains("cannot connect").doesNotContain("s3cret");
    assertThat(down.out()).doesNotContain("s3cret");
    CliRun verbose =
        cmd(
            "verify",
            "--verbose",
            "--url",
            "jdbc:postgresql://127.0.0.1:1/none",
            "--password",
            "s3cret-opt");
    assertThat(verbose.err()).contains("\tat ").doesNotContain("s3cret");
  }
}
