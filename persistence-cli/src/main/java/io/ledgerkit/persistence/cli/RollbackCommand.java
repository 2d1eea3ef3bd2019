package io.ledgerkit.persistence.cli;

import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.migrations.ChangeSetRef;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ledgerkit rollback --to-tag NAME | --count N}. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description = "Roll back the migrations applied after a tag, or the last N.")
public final class RollbackCommand extends MigrationCommandBase {

  @ArgGroup(exclusive = true, multiplicity = "1")
  private Target target;

  /** Exactly one of the two. */
  static final class Target {
    @Option(names = "--to-tag", paramLabel = "NAME", description = "Roll back to this tag.")
    String tag;

    @Option(names = "--count", paramLabel = "N", description = "Roll back the last N change sets.")
    Integer count;
  }

  /** Creates the command. */
  public RollbackCommand() {}

  @Override
  int run(LedgerkitConfig config, SchemaSelection.Active active) {
    var m = migration(config, active, null);
    if (target.tag != null) {
      m.rollbackToTag(target.tag);
      out().println("Rolled back " + database(config) + " to tag '" + target.tag + "'.");
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
