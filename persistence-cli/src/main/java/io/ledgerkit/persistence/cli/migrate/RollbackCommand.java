package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.migrations.ChangeSetRef;
import io.ledgerkit.persistence.migrations.RollbackResult;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ledgerkit rollback --to-tag NAME | --count N}. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = "Roll back the migrations applied after a tag, or the last N.")
final class RollbackCommand extends MigrationCommandBase {

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Target target;

  /** Exactly one of the two. */
  static final class Target {
    @Option(names = "--to-tag", paramLabel = "NAME", description = "Roll back to this tag.")
    String tag;

    @Option(names = "--count", paramLabel = "N", description = "Roll back the last N change sets.")
    Integer count;
  }

  @Option(
      names = "--forget-unknown",
      description =
          "With --to-tag: change sets applied after the tag that no loaded changelog knows (a"
              + " newer release applied them) are removed from DATABASECHANGELOG without running"
              + " anything; without it such a rollback is refused.")
  private boolean forgetUnknown;

  /** Creates the command. */
  public RollbackCommand() {}

  @Override
  int run(LedgerkitConfig config, SchemaSelection.Active active) {
    if (forgetUnknown && target.tag == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--forget-unknown works with --to-tag only");
    }
    var m = migration(config, active, null, forgetUnknown);
    if (target.tag != null) {
      RollbackResult result = m.rollbackToTag(target.tag);
      for (ChangeSetRef c : result.forgotten()) {
        out()
            .println(
                "  forgot "
                    + c.id()
                    + " ("
                    + c.file()
                    + "): removed from DATABASECHANGELOG, nothing was run; what it created stays");
      }
      for (ChangeSetRef c : result.rolledBack()) {
        out().println("  rolled back " + c.id() + " (" + c.file() + ") of " + c.schema());
      }
      out()
          .println(
              "Rolled back "
                  + database(config)
                  + " to tag '"
                  + target.tag
                  + "': "
                  + result.rolledBack().size()
                  + " change set(s) rolled back"
                  + (result.forgotten().isEmpty()
                      ? "."
                      : ", " + result.forgotten().size() + " forgotten without running anything."));
    } else {
      if (target.count < 1) {
        throw new picocli.CommandLine.ParameterException(
            spec.commandLine(), "--count " + target.count + " must be at least 1");
      }
      List<ChangeSetRef> undone = m.rollbackCount(target.count);
      for (ChangeSetRef c : undone) {
        out().println("  rolled back " + c.id() + " (" + c.file() + ") of " + c.schema());
      }
      out().println("Rolled back " + undone.size() + " change set(s).");
    }
    return LedgerkitCli.EXIT_OK;
  }
}
