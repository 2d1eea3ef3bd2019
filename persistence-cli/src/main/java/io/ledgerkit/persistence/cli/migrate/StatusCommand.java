package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.cli.common.Options;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.migrations.ChangeSetRef;
import io.ledgerkit.persistence.migrations.SchemaStatus;
import picocli.CommandLine.Command;

/** {@code ledgerkit status}: applied and pending change sets and the last tag, per schema. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show, per active schema, applied and pending migrations and the last tag.")
final class StatusCommand extends MigrationCommandBase {

  /** Creates the command. */
  public StatusCommand() {}

  @Override
  int run(LedgerkitConfig config, SchemaSelection.Active active) {
    out().println("Database " + database(config));
    for (SchemaStatus s : migration(config, active, null).status()) {
      out()
          .println(
              s.schema()
                  + " v"
                  + s.version()
                  + " ("
                  + s.changelog()
                  + Options.describe(s.options())
                  + "): "
                  + s.applied().size()
                  + " applied, "
                  + s.pending().size()
                  + " pending, last tag "
                  + (s.lastTag() == null ? "none" : s.lastTag()));
      for (ChangeSetRef c : s.pending()) {
        out().println("  pending " + c.id() + " (" + c.file() + ")");
      }
    }
    return LedgerkitCli.EXIT_OK;
  }
}
