package io.ledgerkit.persistence.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * One in-process run of the {@code ledgerkit} command: its exit code and what it printed.
 *
 * @param exitCode the exit code {@code main} would exit with
 * @param out what went to standard output
 * @param err what went to standard error
 */
public record CliRun(int exitCode, String out, String err) {

  /**
   * Runs {@code ledgerkit} with the arguments, as {@code main} would, without exiting.
   *
   * @param args the arguments
   * @return the run
   */
  public static CliRun of(String... args) {
    return of(cl -> {}, args);
  }

  /**
   * Runs {@code ledgerkit} with the arguments after adjusting the command line (e.g. adding a
   * test-only subcommand).
   *
   * @param setup changes to the command line before it runs
   * @param args the arguments
   * @return the run
   */
  public static CliRun of(Consumer<CommandLine> setup, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = LedgerkitCli.commandLine();
    setup.accept(cl);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /**
   * Returns the non-empty lines of standard error.
   *
   * @return the lines
   */
  public java.util.List<String> errLines() {
    return err.lines().filter(l -> !l.isBlank()).toList();
  }
}
