package io.ledgerkit.persistence.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerkit bench}: groups the benchmarks ({@code balances}, {@code listing}, {@code
 * vault}).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measure throughput and latency of the library's stores.",
    subcommands = {BenchBalancesCommand.class, BenchListingCommand.class, BenchVaultCommand.class})
final class BenchCommand implements Runnable {

  @Spec private CommandSpec spec;

  /** Creates the command. */
  public BenchCommand() {}

  /** Without a subcommand, the command is a usage error naming the benchmarks available. */
  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing benchmark; use one of " + spec.subcommands().keySet());
  }
}
