package io.ledgerkit.persistence.cli;

import io.ledgerkit.persistence.cli.migrate.MigrationAliases;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The top command {@code ledgerkit}. Its subcommands come from their families' packages ({@link
 * io.ledgerkit.persistence.cli.bench.BenchCommands}, {@link
 * io.ledgerkit.persistence.cli.migrate.MigrationCommands}); the shared options ({@code --help},
 * {@code --version}, {@code --verbose}) live here.
 */
@Command(
    name = "ledgerkit",
    mixinStandardHelpOptions = true,
    versionProvider = LedgerkitCommand.Version.class,
    description = "Ledgerkit Persistence: database migrations, schemas and balance benchmarks.")
final class LedgerkitCommand implements Runnable {

  @Spec private CommandSpec spec;

  /** {@code --just-generate-database-migration} / {@code --just-run-db-migration} (migrations). */
  @picocli.CommandLine.Mixin private MigrationAliases migrationAliases = new MigrationAliases();

  @Option(
      names = "--verbose",
      scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Print stack traces of errors.")
  private boolean verbose;

  /** Creates the top command. */
  public LedgerkitCommand() {}

  /**
   * Tells whether {@code --verbose} was given (on this command or any subcommand).
   *
   * @return {@code true} when stack traces should be printed
   */
  public boolean verbose() {
    return verbose;
  }

  /** Without a subcommand, the command is a usage error: it names the commands available. */
  @Override
  public void run() {
    if (migrationAliases.runIfRequested(spec)) {
      return;
    }
    throw new ParameterException(
        spec.commandLine(), "missing command; use one of " + spec.subcommands().keySet());
  }

  /** Supplies {@code --version} from {@code ledgerkit-version.properties}, written by the build. */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in =
          LedgerkitCommand.class.getResourceAsStream("/ledgerkit-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {
        "ledgerkit " + p.getProperty("version", "(unknown version)"),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}
