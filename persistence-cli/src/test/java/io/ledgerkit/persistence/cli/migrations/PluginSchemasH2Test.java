package io.ledgerkit.persistence.cli.migrations;

import static io.ledgerkit.persistence.cli.migrations.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plugin jars as third parties ship them, on the default embedded H2 database: jars that carry the
 * same changelog path, a family whose name starts with an acronym, and a rollback run with an older
 * jar than the one that migrated.
 */
class PluginSchemasH2Test {

  @TempDir Path dir;

  private CliRun cli(String command, Path plugins, String... more) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.add("--working-dir");
    all.add(dir.toString());
    all.add("--plugins");
    all.add(plugins.toString());
    all.addAll(List.of(more));
    return run(all.toArray(String[]::new));
  }

  private List<String> tables() throws Exception {
    return PluginJars.tables("jdbc:h2:file:" + dir.resolve("ledgerkit-data/ledgerkit"));
  }

  private static String createTable(String id, String table) {
    return "<changeSet id=\""
        + id
        + "\" author=\"plugin\">\n"
        + "  <createTable tableName=\"${tablePrefix}"
        + table
        + "\">\n"
        + "    <column name=\"entry_id\" type=\"VARCHAR(36)\">\n"
        + "      <constraints nullable=\"false\" primaryKey=\"true\" primaryKeyName=\"${tablePrefix}"
        + table
        + "_pk\"/>\n"
        + "    </column>\n"
        + "  </createTable>\n"
        + "</changeSet>\n";
  }

  private static final String INCLUDE_V1 =
      "<include file=\"v1.xml\" relativeToChangelogFile=\"true\"/>\n";

  @Test
  void twoPluginJarsCarryingTheSameChangelogPathEachResolveTheirOwn() throws Exception {
    Path plugins = dir.resolve("plugins");
    String master = "db/changelogs/base/changelog.xml";
    for (String name : List.of("alpha", "beta")) {
      String family = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Ledger";
      PluginJars.jar(
          dir.resolve("build"),
          plugins.resolve(name + "-1.0.jar"),
          "lk." + name,
          family,
          master,
          Map.of(
              master,
              PluginJars.changelog(INCLUDE_V1),
              "db/changelogs/base/v1.xml",
              PluginJars.changelog(createTable(name + "-1", name + "_entry"))));
    }
    CliRun migrate = cli("migrate", plugins);
    assertThat(migrate.exit()).as(migrate.toString()).isZero();
    assertThat(migrate.out())
        .contains("applied alpha-1 (db/changelogs/base/v1.xml) of lk.alpha.AlphaLedger")
        .contains("applied beta-1 (db/changelogs/base/v1.xml) of lk.beta.BetaLedger");
    assertThat(tables()).contains("ALPHA_ENTRY", "BETA_ENTRY");
    CliRun verify = cli("verify", plugins);
    assertThat(verify.exit()).as(verify.toString()).isZero();
  }

  @Test
  void anAcronymFamilyIsSelectedAndConfiguredByItsOneName() throws Exception {
    Path plugins = dir.resolve("plugins");
    PluginJars.jar(
        dir.resolve("build"),
        plugins.resolve("ilp-connector-1.0.jar"),
        "lk.ilp",
        "ILPConnectorSchema",
        null,
        Map.of(
            "migration/ilp-connector-schema.changelog-master.xml",
            PluginJars.changelog(createTable("ilp-1", "route"))));
    Files.writeString(
        dir.resolve("ledgerkit.properties"), "schemas.ILPConnectorSchema.tablePrefix=ilp_\n");

    CliRun list = cli("schemas", plugins, "--schema", "ilp-connector-schema");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).contains("lk.ilp.ILPConnectorSchema v1");
    CliRun migrate = cli("migrate", plugins, "--schema", "ilp-connector-schema");
    assertThat(migrate.exit()).as(migrate.toString()).isZero();
    assertThat(migrate.out()).contains("applied ilp-1");
    assertThat(tables()).contains("ILP_ROUTE").doesNotContain("ROUTE");
    CliRun snake = cli("verify", plugins, "--schema", "ILP_CONNECTOR_SCHEMA");
    assertThat(snake.exit()).as(snake.toString()).isZero();
  }

  @Test
  void rollbackWithAnOlderJarIsRefusedUnlessTheUnknownChangeSetsAreForgotten() throws Exception {
    String master = "migration/roll-ledger.changelog-master.xml";
    String v1 = "migration/roll-v1.xml";
    String v2 = "migration/roll-v2.xml";
    Path old = dir.resolve("plugins-old");
    Path current = dir.resolve("plugins-new");
    PluginJars.jar(
        dir.resolve("build-old"),
        old.resolve("roll-ledger-1.0.jar"),
        "lk.roll",
        "RollLedger",
        null,
        Map.of(
            master,
            PluginJars.changelog(
                "<include file=\"roll-v1.xml\" relativeToChangelogFile=\"true\"/>\n"),
            v1,
            PluginJars.changelog(createTable("roll-1", "roll_entry"))));
    PluginJars.jar(
        dir.resolve("build-new"),
        current.resolve("roll-ledger-2.0.jar"),
        "lk.roll",
        "RollLedger",
        null,
        Map.of(
            master,
            PluginJars.changelog(
                "<include file=\"roll-v1.xml\" relativeToChangelogFile=\"true\"/>\n"
                    + "<include file=\"roll-v2.xml\" relativeToChangelogFile=\"true\"/>\n"),
            v1,
            PluginJars.changelog(createTable("roll-1", "roll_entry")),
            v2,
            PluginJars.changelog(createTable("roll-2", "roll_extra"))));
    assertThat(cli("migrate", old).exit()).isZero();
    assertThat(cli("tag", old, "r1").exit()).isZero();
    assertThat(cli("migrate", current).exit()).isZero();
    assertThat(cli("tag", current, "r2").exit()).isZero();

    CliRun refused = cli("rollback", old, "--to-tag", "r1");
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.out()).doesNotContain("Rolled back");
    assertThat(refused.err())
        .contains("rollback to tag 'r1' refused, nothing was rolled back")
        .contains("roll-2 (migration/roll-v2.xml)")
        .contains("newer release")
        .contains("--forget-unknown");
    assertThat(cli("status", old).out()).contains("last tag r2");
    assertThat(tables()).contains("ROLL_ENTRY", "ROLL_EXTRA");

    CliRun forgot = cli("rollback", old, "--to-tag", "r1", "--forget-unknown");
    assertThat(forgot.exit()).as(forgot.toString()).isZero();
    assertThat(forgot.out())
        .contains("forgot roll-2 (migration/roll-v2.xml): removed from DATABASECHANGELOG")
        .contains("to tag 'r1': 0 change set(s) rolled back, 1 forgotten without running anything");
    CliRun status = cli("status", old);
    assertThat(status.out()).contains("1 applied, 0 pending, last tag r1");
    // nothing ran: the table the newer release created is still there
    assertThat(tables()).contains("ROLL_ENTRY", "ROLL_EXTRA");

    CliRun countAndForget = cli("rollback", old, "--count", "1", "--forget-unknown");
    assertThat(countAndForget.exit()).isEqualTo(2);
  }
}
