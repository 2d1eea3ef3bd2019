package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.migrations.Confirmation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ledgerkit drop-all --yes}: drops every object of the database (development only). */
@Command(
    name = "drop-all",
    mixinStandardHelpOptions = true,
    description =
        "Drop every table, view and sequence of the database, including the migration history."
            + " Requires --yes.")
final class DropAllCommand extends MigrationCommandBase {

  @Option(names = "--yes", description = "Confirm that everything is to be dropped.")
  private boolean yes;

  /** Creates the command. */
  public DropAllCommand() {}

  @Override
  int run(LedgerkitConfig config, SchemaSelection.Active active) {
    if (!yes) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "drop-all drops every object of " + database(config) + "; add --yes to confirm");
    }
    migration(config, active, null).dropAll(Confirmation.YES_DROP_EVERYTHING);
    out().println("Dropped all objects of " + database(config) + ".");
    return LedgerkitCli.EXIT_OK;
  }
}
