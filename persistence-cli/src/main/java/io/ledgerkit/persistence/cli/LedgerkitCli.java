package io.ledgerkit.persistence.cli;

import io.ledgerkit.persistence.cli.bench.BenchCommands;
import io.ledgerkit.persistence.cli.common.ConnectionFailures;
import io.ledgerkit.persistence.cli.migrate.MigrationCommands;
import io.ledgerkit.persistence.config.Masking;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code ledgerkit} command.
 *
 * <p>Exit codes: {@code 0} success, {@code 1} operational failure (for example a store that cannot
 * be reached, or outstanding migrations on {@code verify}), {@code 2} usage error (unknown command
 * or option, bad option value). An error prints one line to standard error; the stack trace is
 * printed only with {@code --verbose}. Credentials in error messages are masked.
 */
public final class LedgerkitCli {

  /** Exit code of a successful run. */
  public static final int EXIT_OK = CommandLine.ExitCode.OK;

  /** Exit code of an operational failure (a store down, outstanding migrations, ...). */
  public static final int EXIT_FAILURE = CommandLine.ExitCode.SOFTWARE;

  /** Exit code of a usage error (unknown command or option, bad option value). */
  public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

  private LedgerkitCli() {}

  /**
   * Runs the command and exits the JVM with its exit code.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
    // Before SLF4J starts: the command reports a failed migration in one line itself, so
    // Liquibase's own error log (with its stack trace) shows only with --verbose.
    System.setProperty(
        "org.slf4j.simpleLogger.log.liquibase",
        System.getProperty("org.slf4j.simpleLogger.log.liquibase", verbose ? "info" : "off"));
    if (!verbose) {
      // Other libraries that log through java.util.logging print INFO to standard error;
      // the command keeps them to warnings, like slf4j-simple's setting.
      java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * Builds the {@code ledgerkit} command line with its error handling, without running it. Tests
   * and embedding applications call {@link CommandLine#execute(String...)} on the result (after
   * {@link CommandLine#setOut} / {@link CommandLine#setErr} if they want the output).
   *
   * @return a new command line
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new LedgerkitCommand());
    BenchCommands.addTo(cl);
    MigrationCommands.addTo(cl);
    cl.setExecutionExceptionHandler(new OneLineErrors());
    cl.setParameterExceptionHandler(new UsageErrors());
    return cl;
  }

  /**
   * Masks passwords in a text: {@code password=secret} becomes {@code password=****} and {@code
   * //user:secret@host} becomes {@code //user:****@host}.
   *
   * @param text the text, may be {@code null}
   * @return the text with credentials masked
   */
  public static String maskCredentials(String text) {
    return Masking.mask(text);
  }

  /**
   * Tells whether {@code --verbose} was matched on the command or any of its subcommands.
   *
   * @param parseResult the (possibly partial) parse result of the top command
   * @return {@code true} when the stack trace should be printed
   */
  static boolean verboseRequested(ParseResult parseResult) {
    for (ParseResult pr = parseResult; pr != null; pr = pr.subcommand()) {
      if (pr.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  private static String describe(Throwable error) {
    String message = error.getMessage();
    if (message == null || message.isBlank()) {
      Throwable cause = error.getCause();
      if (cause != null && cause != error) {
        return describe(cause);
      }
      return error.getClass().getSimpleName();
    }
    // Drivers and libraries often start a message with "Error:"; the line already says "error:".
    if (error instanceof ConnectionFailures.Unreachable) {
      return message;
    }
    String result = message.strip().replaceFirst("^(?i)error:\\s*", "");
    Throwable cause = error.getCause();
    // A MigrationException's message already names the failed change set and the root cause.
    if (cause != null
        && cause.getMessage() != null
        && !(error instanceof io.ledgerkit.persistence.migrations.MigrationException)
        && !result.contains(cause.getMessage())) {
      result = result + " (caused by: " + cause.getMessage().strip() + ")";
    }
    return result;
  }

  /** Prints one clear line for an exception thrown by a command; the trace only with --verbose. */
  private static final class OneLineErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception error, CommandLine commandLine, ParseResult parseResult) {
      PrintWriter err = commandLine.getErr();
      err.println("ledgerkit: error: " + maskCredentials(describe(error)));
      if (verboseRequested(parseResult)) {
        err.println(maskCredentials(stackTrace(error)));
      }
      err.flush();
      CommandLine.IExitCodeExceptionMapper mapper = commandLine.getExitCodeExceptionMapper();
      return mapper != null ? mapper.getExitCode(error) : EXIT_FAILURE;
    }
  }

  /** Prints the usage error and how to get help, not the whole usage text. */
  private static final class UsageErrors implements IParameterExceptionHandler {
    @Override
    public int handleParseException(ParameterException error, String[] args) {
      CommandLine cl = error.getCommandLine();
      PrintWriter err = cl.getErr();
      err.println(
          "ledgerkit: usage error: "
              + maskCredentials(error.getMessage())
              + " (see '"
              + cl.getCommandSpec().qualifiedName()
              + " --help')");
      UnmatchedArgumentException.printSuggestions(error, err);
      if (verboseRequested(cl.getParseResult()) && error.getCause() != null) {
        err.println(maskCredentials(stackTrace(error)));
      }
      err.flush();
      return EXIT_USAGE;
    }
  }

  private static String stackTrace(Throwable error) {
    java.io.StringWriter buffer = new java.io.StringWriter();
    error.printStackTrace(new PrintWriter(buffer));
    return buffer.toString().stripTrailing();
  }
}
