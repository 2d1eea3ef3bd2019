package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ledgerkit tag NAME}: marks the current database state, e.g. a release. */
@Command(
    name = "tag",
    mixinStandardHelpOptions = true,
    description = "Tag the current state of the database (e.g. a release) to roll back to later.")
final class TagCommand extends MigrationCommandBase {

  @Parameters(index = "0", paramLabel = "NAME", description = "The tag, e.g. release-1.4.")
  private String name;

  /** Creates the command. */
  public TagCommand() {}

  @Override
  int run(LedgerkitConfig config, SchemaSelection.Active active) {
    migration(config, active, null).tag(name);
    out().println("Tagged " + database(config) + " as '" + name + "'.");
    return LedgerkitCli.EXIT_OK;
  }
}
