package io.ledgerkit.persistence.cli.migrations;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code ledgerkit} in-process and captures its exit code and output. */
record CliRun(int exit, String out, String err) {

  static CliRun run(String... args) {
    CommandLine cl = LedgerkitCli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  static String[] args(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @Override
  public String toString() {
    return "exit " + exit + "\n--- out:\n" + out + "--- err:\n" + err;
  }
}
