package io.ledgerkit.persistence.cli;

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
public final class VerifyCommand extends MigrationCommandBase {

  /** Creates the command. */
  public VerifyCommand() {}

  @Override
  int run(LedgerkitConfig config, SchemaSelection.Active active) {
    try {
      migration(config, active, null).verify();
    } catch (OutstandingMigrationsException e) {
      err().println("ledgerkit: " + e.getMessage());
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
}
