package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import picocli.CommandLine.Command;

/** {@code ledgerkit release-locks}: frees a migration lock left by a killed process. */
@Command(
    name = "release-locks",
    mixinStandardHelpOptions = true,
    description =
        "Release the migration lock left by a process killed during a migration. Only when no"
            + " migration is running.")
final class ReleaseLocksCommand extends MigrationCommandBase {

  /** Creates the command. */
  public ReleaseLocksCommand() {}

  @Override
  int run(LedgerkitConfig config, SchemaSelection.Active active) {
    migration(config, active, null).releaseLocks();
    out().println("Released the migration lock of " + database(config) + ".");
    return LedgerkitCli.EXIT_OK;
  }
}
