package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.migrations.OutstandingMigrationsException;
import picocli.CommandLine.Command;

/**
 * {@code ledgerkit verify}: exit code 0 when the database is up to date, 1 (with the list of
 * pending change sets) when it is behind.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Check that every migration of the active schemas is applied (exit 1 and list them when"
            + " not). Writes nothing.")
final class VerifyCommand extends MigrationCommandBase {

  /** Creates the command. */
  public VerifyCommand() {}

  @Override
  int run(LedgerkitConfig config, SchemaSelection.Active active) {
    String url = connection.resolve(config).url();
    java.nio.file.Path h2File = h2File(url);
    boolean missing = h2File != null && !java.nio.file.Files.exists(h2File);
    try {
      if (missing) {
        // Opening an H2 file database creates it (and its directory); verify writes nothing, so
        // it compares the changelogs with an empty in-memory database instead.
        migration(
                config,
                active,
                null,
                "jdbc:h2:mem:ledgerkit-verify-" + java.util.UUID.randomUUID(),
                null,
                null)
            .verify();
      } else {
        migration(config, active, null).verify();
      }
    } catch (OutstandingMigrationsException e) {
      err()
          .println(
              "ledgerkit: "
                  + (missing ? "database " + database(config) + " does not exist; " : "")
                  + e.getMessage());
      err().flush();
      return LedgerkitCli.EXIT_FAILURE;
    }
    out()
        .println(
            "Database "
                + database(config)
                + " is up to date ("
                + active.schemas().size()
                + " schemas).");
    return LedgerkitCli.EXIT_OK;
  }

  /** The {@code .mv.db} file of an H2 file URL, or {@code null} for any other URL. */
  private static java.nio.file.Path h2File(String url) {
    String lower = url.toLowerCase(java.util.Locale.ROOT);
    String rest;
    if (lower.startsWith("jdbc:h2:file:")) {
      rest = url.substring("jdbc:h2:file:".length());
    } else if (lower.startsWith("jdbc:h2:")
        && !lower.startsWith("jdbc:h2:mem:")
        && !lower.startsWith("jdbc:h2:tcp:")
        && !lower.startsWith("jdbc:h2:ssl:")
        && !lower.startsWith("jdbc:h2:zip:")) {
      rest = url.substring("jdbc:h2:".length());
    } else {
      return null;
    }
    int semicolon = rest.indexOf(';');
    String path = semicolon < 0 ? rest : rest.substring(0, semicolon);
    if (path.startsWith("~")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    return java.nio.file.Path.of(path + ".mv.db");
  }
}
