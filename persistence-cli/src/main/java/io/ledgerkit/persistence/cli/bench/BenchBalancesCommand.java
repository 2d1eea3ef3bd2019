package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.cli.common.DurationConverter;
import io.ledgerkit.persistence.cli.common.Terminal;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerkit bench balances}: drives a balance tracker from several threads for a fixed time
 * and prints throughput and latency percentiles, or one JSON object with {@code --json}.
 */
@Command(
    name = "balances",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Drive a balance tracker from N threads for a fixed time; print ops/s and latency"
          + " p50/p99/p99.9.",
      "An operation is one prepare (workload prepare) or one packet, a prepare then a fulfill on"
          + " another account (workload packet). With --batch N each call carries N operations and"
          + " latency is per call.",
      "With --identified every operation carries an operation id and ends with the commit of its"
          + " hold; --compare-identified runs unidentified and identified rounds alternately and"
          + " prints both rates and their ratio."
    })
final class BenchBalancesCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private StoreOptions storeOptions;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "8",
      description = "Client threads (default: ${DEFAULT-VALUE}).")
  private int threads;

  @Option(
      names = "--accounts",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Accounts operated on, chosen at random (default: ${DEFAULT-VALUE}).")
  private int accounts;

  @Option(
      names = "--preload",
      description =
          "Before the warm-up, create every account with a fulfill of 0 (batch calls from"
              + " --threads threads), so that the run updates accounts that exist; the time is"
              + " printed as the preload time.")
  private boolean preload;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Measured time, e.g. 10s, 300ms, 1m (default: ${DEFAULT-VALUE}).")
  private Duration duration;

  @Option(
      names = "--warmup",
      paramLabel = "TIME",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description =
          "Warm-up time before measuring, not counted; 0s for none (default:"
              + " ${DEFAULT-VALUE}).")
  private Duration warmup;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Operations per call: 1 = single calls, N > 1 = prepareAll/fulfillAll of N items"
              + " (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(
      names = "--auto-batch",
      description = "Wrap the tracker in AutoBatchingBalanceTracker (group commit).")
  private boolean autoBatch;

  @Option(
      names = "--max-batch",
      paramLabel = "N",
      description =
          "With --auto-batch: the largest batch formed, 1 to 10000 (default: "
              + AutoBatchingBalanceTracker.DEFAULT_MAX_BATCH_SIZE
              + ").")
  private Integer maxBatch;

  @Option(
      names = "--batches-in-flight",
      paramLabel = "N",
      description =
          "With --auto-batch: batches of one kind in flight at once, 1 to 64 (default: the"
              + " store's recommendation, as with balance.autoBatch=true: 4 on postgres, "
              + AutoBatchingBalanceTracker.DEFAULT_MAX_CONCURRENT_BATCHES
              + " on redis and memory).")
  private Integer batchesInFlight;

  @Option(
      names = "--workload",
      paramLabel = "W",
      defaultValue = "prepare",
      converter = Workload.Converter.class,
      description = "prepare or packet (default: ${DEFAULT-VALUE}).")
  private Workload workload;

  @Option(
      names = "--identified",
      description =
          "Every operation carries an operation id (exactly-once tracking): prepare = identified"
              + " prepare + commit; packet = prepare with the packet's expiry + fulfill + commit,"
              + " with the same id.")
  private boolean identified;

  @Option(
      names = "--compare-identified",
      description =
          "Run unidentified and identified rounds of the workload alternately in one run (each"
              + " --duration long) and print both rates and the ratio identified/unidentified.")
  private boolean compareIdentified;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      description =
          "With --compare-identified: rounds of each mode, 1 to 100 (default: "
              + DEFAULT_ROUNDS
              + ").")
  private Integer rounds;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  private boolean json;

  /** Rounds of each mode of {@code --compare-identified} unless {@code --rounds} says otherwise. */
  static final int DEFAULT_ROUNDS = 3;

  /** Creates the command. */
  public BenchBalancesCommand() {}

  /**
   * Runs the benchmark.
   *
   * @return the exit code: 0, or 1 when no operation succeeded
   * @throws Exception when the store cannot be opened or reached
   */
  @Override
  public Integer call() throws Exception {
    BalanceBench.Config config = validatedConfig();
    BalanceTracker opened = storeOptions.open();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RuntimeException firstError;
    long succeeded;
    long errors;
    String text;
    AutoBatchingBalanceTracker.Statistics stats = null;
    AutoBatchingBalanceTracker wrapper = null;
    double preloadSeconds = Double.NaN;
    try (BalanceTracker raw = opened;
        BalanceTracker tracker = autoBatch ? (wrapper = autoBatching(raw, config.store())) : raw) {
      if (preload) {
        raw.balance(BalanceBench.account(0));
        preloadSeconds = Preload.accounts(raw, accounts, threads, BalanceBench::account);
      }
      BalanceBench.Progress progress =
          json || !Terminal.interactive() ? BalanceBench.SILENT : progress(err);
      if (compareIdentified) {
        IdentifiedComparison comparison =
            new IdentifiedComparison(tracker, config, rounds == null ? DEFAULT_ROUNDS : rounds);
        IdentifiedComparison.Result result = comparison.run(progress);
        firstError = comparison.firstError();
        errors = result.unidentified().errors() + result.identified().errors();
        // Both modes must have run for the ratio to mean anything.
        succeeded = Math.min(result.unidentified().operations(), result.identified().operations());
        text = json ? result.toJson() : result.toText();
      } else {
        BalanceBench bench = new BalanceBench(tracker, config);
        BenchResult result = bench.run(progress);
        firstError = bench.firstError();
        errors = result.errors();
        succeeded = result.operations();
        text = json ? result.toJson() : result.toText();
      }
      if (wrapper != null) {
        stats = wrapper.statistics();
      }
    }
    if (json) {
      if (wrapper != null) {
        text = text.substring(0, text.length() - 1) + autoBatchJson(wrapper, stats) + "}";
      }
      if (preload) {
        text =
            text.substring(0, text.length() - 1)
                + String.format(Locale.ROOT, ",\"preloadSeconds\":%.3f}", preloadSeconds);
      }
      out.println(text);
    } else {
      if (preload) {
        out.printf(Locale.ROOT, "preload     %,d accounts in %.1f s%n", accounts, preloadSeconds);
      }
      out.print(text);
      if (wrapper != null) {
        out.printf(
            Locale.ROOT,
            "auto-batch  max batch %d, %d batches in flight; %,d dispatches, mean batch %.1f,"
                + " largest %d (warm-up included)%n",
            wrapper.maxBatchSize(),
            wrapper.maxConcurrentBatches(),
            stats.dispatches(),
            stats.meanBatchSize(),
            stats.largestBatch());
      }
    }
    out.flush();
    if (firstError != null) {
      err.println(
          "ledgerkit: "
              + errors
              + " operations failed; first error: "
              + LedgerkitCli.maskCredentials(String.valueOf(firstError.getMessage())));
      err.flush();
    }
    if (succeeded == 0) {
      err.println(
          compareIdentified
              ? "ledgerkit: error: no operation of one of the modes succeeded during the measured"
                  + " time"
              : "ledgerkit: error: no operation succeeded during the measured time");
      err.flush();
      return LedgerkitCli.EXIT_FAILURE;
    }
    return LedgerkitCli.EXIT_OK;
  }

  private AutoBatchingBalanceTracker autoBatching(BalanceTracker raw, String store) {
    AutoBatchingBalanceTracker.Builder b =
        AutoBatchingBalanceTracker.configure(raw)
            .settings(BalanceTrackerProvider.forStore(store).autoBatchSettings());
    if (maxBatch != null) {
      b.maxBatchSize(maxBatch);
    }
    if (batchesInFlight != null) {
      b.maxConcurrentBatches(batchesInFlight);
    }
    return b.start();
  }

  private static String autoBatchJson(
      AutoBatchingBalanceTracker wrapper, AutoBatchingBalanceTracker.Statistics stats) {
    return String.format(
        Locale.ROOT,
        ",\"maxBatch\":%d,\"batchesInFlight\":%d,\"dispatches\":%d,\"meanBatchSize\":%.2f",
        wrapper.maxBatchSize(),
        wrapper.maxConcurrentBatches(),
        stats.dispatches(),
        stats.meanBatchSize());
  }

  private BalanceBench.Config validatedConfig() {
    BenchArgs.requireBetween(spec, "--threads", threads, 1, 4096);
    BenchArgs.requireBetween(
        spec, "--accounts", accounts, workload == Workload.PACKET ? 2 : 1, 10_000_000);
    BenchArgs.requireBetween(spec, "--batch", batch, 1, 100_000);
    if (maxBatch != null) {
      requireAutoBatch("--max-batch");
      BenchArgs.requireBetween(spec, "--max-batch", maxBatch, 1, 10_000);
    }
    if (batchesInFlight != null) {
      requireAutoBatch("--batches-in-flight");
      BenchArgs.requireBetween(spec, "--batches-in-flight", batchesInFlight, 1, 64);
    }
    if (duration.isZero() || duration.isNegative()) {
      throw usage("--duration must be longer than zero, was " + duration + "; use e.g. 10s");
    }
    if (warmup.isNegative()) {
      throw usage("--warmup must not be negative, was " + warmup + "; use e.g. 2s or 0s");
    }
    if (identified && compareIdentified) {
      throw usage(
          "--identified and --compare-identified exclude each other: --compare-identified runs"
              + " both modes; drop one of them");
    }
    if (rounds != null) {
      if (!compareIdentified) {
        throw usage(
            "--rounds only applies with --compare-identified; add --compare-identified or drop"
                + " --rounds");
      }
      BenchArgs.requireBetween(spec, "--rounds", rounds, 1, 100);
    }
    String name = storeOptions.name();
    return new BalanceBench.Config(
        name, threads, accounts, duration, warmup, batch, autoBatch, workload, identified);
  }

  private void requireAutoBatch(String option) {
    if (!autoBatch) {
      throw usage(option + " only applies with --auto-batch; add --auto-batch or drop " + option);
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static BalanceBench.Progress progress(PrintWriter err) {
    return new BalanceBench.Progress() {
      @Override
      public void update(boolean measuring, Duration elapsed, Duration total, long operations) {
        double seconds = elapsed.toNanos() / 1e9;
        err.printf(
            Locale.ROOT,
            "\r%-9s %5.1f/%.1f s  %,14d ops  %,12.0f ops/s   ",
            measuring ? "measuring" : "warm-up",
            seconds,
            total.toNanos() / 1e9,
            operations,
            seconds > 0 ? operations / seconds : 0.0);
        err.flush();
      }

      @Override
      public void done() {
        err.print("\r" + " ".repeat(72) + "\r");
        err.flush();
      }
    };
  }
}
