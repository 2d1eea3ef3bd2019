package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.cli.common.Options;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.schema.MappedSchema;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code ledgerkit schemas}: the active schemas, their versions and changelogs. No connection. */
@Command(
    name = "schemas",
    mixinStandardHelpOptions = true,
    description =
        "List the active mapped schemas (classpath and --plugins), versions and changelog"
            + " resources.")
final class SchemasCommand extends MigrationCommandBase {

  /** Creates the command. */
  public SchemasCommand() {}

  @Override
  int run(LedgerkitConfig config, SchemaSelection.Active active) {
    for (Map.Entry<MappedSchema, io.ledgerkit.persistence.schema.SchemaOptions> e :
        active.schemas().entrySet()) {
      MappedSchema s = e.getKey();
      ClassLoader cl = s.getClass().getClassLoader();
      boolean present = cl != null && cl.getResource(s.migrationResource()) != null;
      out()
          .println(
              s.name()
                  + " v"
                  + s.version()
                  + "  "
                  + s.migrationResource()
                  + (present ? "" : " (MISSING)")
                  + Options.describe(e.getValue())
                  + "  ["
                  + active.origin(s)
                  + "]");
    }
    return LedgerkitCli.EXIT_OK;
  }
}
