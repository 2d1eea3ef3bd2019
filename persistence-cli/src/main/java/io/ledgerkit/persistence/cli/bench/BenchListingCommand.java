package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.cli.LedgerkitCli;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerkit bench listing}: fills a balance store with accounts that each have one held hold
 * and one pending settlement, then lists every held hold and every pending settlement of the store
 * a page at a time, and prints the time and the heap used; see {@link ListingBench}. What it fills
 * stays in the store (under the bench's key prefix or tables), so run it on a scratch server.
 */
@Command(
    name = "listing",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fill a balance store with N accounts, each with one held hold and one pending settlement,"
          + " then page through every held hold and every pending settlement of the store; print"
          + " the time, the pages and the heap used.",
      "What it fills stays in the store (under the bench's key prefix or lkbench_ tables): run it"
          + " on a scratch server or database."
    })
final class BenchListingCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private StoreOptions storeOptions;

  @Option(
      names = "--accounts",
      paramLabel = "N",
      defaultValue = "100000",
      description = "Accounts to fill (default: ${DEFAULT-VALUE}).")
  private int accounts;

  @Option(
      names = "--page",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Items per listing call (default: ${DEFAULT-VALUE}).")
  private int page;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "8",
      description = "Threads that fill the store (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  private boolean json;

  /** Creates the command. */
  public BenchListingCommand() {}

  /**
   * Runs the benchmark.
   *
   * @return 0, or 1 when an account of the run was missing or listed twice
   */
  @Override
  public Integer call() {
    BenchArgs.requireBetween(spec, "--accounts", accounts, 1, 10_000_000);
    BenchArgs.requireBetween(spec, "--page", page, 1, 100_000);
    BenchArgs.requireBetween(spec, "--threads", threads, 1, 256);
    String name = storeOptions.name();
    BalanceTracker opened = storeOptions.open();
    ListingBench.Result result;
    try (BalanceTracker tracker = opened) {
      result = new ListingBench(tracker, name, accounts, page, threads).run();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? result.toJson() + System.lineSeparator() : result.toText());
    out.flush();
    if (!result.exact()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(
          "ledgerkit: error: the listing missed or repeated accounts of this run (see missing and"
              + " duplicates)");
      err.flush();
      return LedgerkitCli.EXIT_FAILURE;
    }
    return LedgerkitCli.EXIT_OK;
  }
}
