package io.ledgerkit.persistence.cli.migrate;

import java.util.List;
import picocli.CommandLine;

/**
 * The migration family of {@code ledgerkit}: {@code migrate}, {@code verify}, {@code status},
 * {@code generate-sql}, {@code tag}, {@code rollback}, {@code drop-all}, {@code release-locks} and
 * {@code schemas}.
 */
public final class MigrationCommands {
  private MigrationCommands() {}

  /**
   * Adds the migration commands to the top command, in the order its help lists them.
   *
   * @param top the {@code ledgerkit} command line
   */
  public static void addTo(CommandLine top) {
    List<Object> commands =
        List.of(
            new MigrateCommand(),
            new VerifyCommand(),
            new StatusCommand(),
            new GenerateSqlCommand(),
            new TagCommand(),
            new RollbackCommand(),
            new DropAllCommand(),
            new ReleaseLocksCommand(),
            new SchemasCommand());
    commands.forEach(top::addSubcommand);
  }
}
