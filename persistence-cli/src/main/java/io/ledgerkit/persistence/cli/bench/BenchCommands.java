package io.ledgerkit.persistence.cli.bench;

import picocli.CommandLine;

/**
 * The benchmark family of {@code ledgerkit}: {@code bench balances}, {@code bench listing} and
 * {@code bench vault}.
 */
public final class BenchCommands {
  private BenchCommands() {}

  /**
   * Adds the {@code bench} command, with its subcommands, to the top command.
   *
   * @param top the {@code ledgerkit} command line
   */
  public static void addTo(CommandLine top) {
    top.addSubcommand(new BenchCommand());
  }
}
