package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.migrations.ChangeSetRef;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code ledgerkit migrate}: applies the pending change sets of the active schemas. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = "Apply the pending database migrations of the active schemas, printing each.")
final class MigrateCommand extends MigrationCommandBase {

  /** Creates the command. */
  public MigrateCommand() {}

  @Override
  int run(LedgerkitConfig config, SchemaSelection.Active active) {
    out().println("Migrating " + database(config) + " (" + active.schemas().size() + " schemas)");
    out().flush();
    List<ChangeSetRef> applied =
        migration(
                config,
                active,
                c -> {
                  out().println("  applied " + c.id() + " (" + c.file() + ") of " + c.schema());
                  out().flush();
                })
            .migrate();
    out()
        .println(
            applied.isEmpty()
                ? "Database is up to date; nothing to apply."
                : "Applied " + applied.size() + " change set(s).");
    return LedgerkitCli.EXIT_OK;
  }
}
