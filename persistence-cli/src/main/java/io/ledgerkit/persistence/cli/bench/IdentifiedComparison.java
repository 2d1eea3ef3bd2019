package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * {@code bench balances --compare-identified}: unidentified and identified rounds of the same
 * workload, interleaved in one run on one tracker (ABBA order: U I, I U, U I, ...), so that drift
 * of the machine or the store during the run weighs on both alike. Each round measures for the
 * configured duration; the warm-up runs once per mode before the first round.
 */
final class IdentifiedComparison {

  /** One measured round. */
  record Round(int number, boolean identified, BenchResult result) {}

  /**
   * The figures of a comparison.
   *
   * @param unidentified the unidentified rounds merged (operations and seconds summed, latency
   *     percentiles of all their calls)
   * @param identified the identified rounds merged
   * @param rounds every round in the order run
   */
  record Result(BenchResult unidentified, BenchResult identified, List<Round> rounds) {

    /**
     * The cost ratio.
     *
     * @return identified ops/s divided by unidentified ops/s, 0 when the latter is 0
     */
    double ratio() {
      double u = unidentified.opsPerSecond();
      return u <= 0 ? 0 : identified.opsPerSecond() / u;
    }

    /**
     * Operations that succeeded in both modes.
     *
     * @return the sum
     */
    long operations() {
      return unidentified.operations() + identified.operations();
    }

    /**
     * Renders the comparison as one flat JSON object on one line.
     *
     * @return the JSON text
     */
    String toJson() {
      BenchResult u = unidentified;
      BenchResult i = identified;
      return "{"
          + "\"store\":"
          + BenchResult.quote(u.store())
          + ",\"threads\":"
          + u.threads()
          + ",\"accounts\":"
          + u.accounts()
          + ",\"batch\":"
          + u.batch()
          + ",\"workload\":"
          + BenchResult.quote(u.workload().label())
          + ",\"autoBatch\":"
          + u.autoBatch()
          + ",\"rounds\":"
          + rounds.size() / 2
          + mode("unidentified", u)
          + mode("identified", i)
          + ",\"ratio\":"
          + BenchResult.decimal(ratio(), 3)
          + ",\"errors\":"
          + (u.errors() + i.errors())
          + "}";
    }

    private static String mode(String name, BenchResult r) {
      return ",\""
          + name
          + "Operations\":"
          + r.operations()
          + ",\""
          + name
          + "Seconds\":"
          + BenchResult.decimal(r.seconds(), 3)
          + ",\""
          + name
          + "OpsPerSecond\":"
          + BenchResult.decimal(r.opsPerSecond(), 1)
          + ",\""
          + name
          + "P50Micros\":"
          + BenchResult.decimal(r.p50Micros(), 3)
          + ",\""
          + name
          + "P99Micros\":"
          + BenchResult.decimal(r.p99Micros(), 3)
          + ",\""
          + name
          + "P999Micros\":"
          + BenchResult.decimal(r.p999Micros(), 3)
          + ",\""
          + name
          + "CallsPerOperation\":"
          + r.callsPerOperation();
    }

    /**
     * Renders the comparison for a human.
     *
     * @return a few lines of text
     */
    String toText() {
      BenchResult u = unidentified;
      StringBuilder b = new StringBuilder();
      b.append(
          String.format(
              Locale.ROOT,
              "store %s, workload %s, %d threads, %d accounts, batch %d, auto-batch %s;"
                  + " %d rounds of unidentified and identified, interleaved%n",
              u.store(),
              u.workload().label(),
              u.threads(),
              u.accounts(),
              u.batch(),
              u.autoBatch() ? "on" : "off",
              rounds.size() / 2));
      for (Round r : rounds) {
        b.append(
            String.format(
                Locale.ROOT,
                "round %d  %-12s %,14.0f ops/s  (%,d in %.3f s, %,d errors)%n",
                r.number(),
                r.identified() ? "identified" : "unidentified",
                r.result().opsPerSecond(),
                r.result().operations(),
                r.result().seconds(),
                r.result().errors()));
      }
      line(b, "unidentified", u);
      line(b, "identified", identified);
      b.append(
          String.format(
              Locale.ROOT,
              "ratio         identified / unidentified = %.3f (ops/s; an operation is %d calls"
                  + " unidentified, %d identified)%n",
              ratio(),
              u.callsPerOperation(),
              identified.callsPerOperation()));
      return b.toString();
    }

    private static void line(StringBuilder b, String name, BenchResult r) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-13s %,.0f ops/s, %,d %s in %.3f s (%,d errors); latency p50 %.1f us, p99 %.1f"
                  + " us, p99.9 %.1f us %s%n",
              name,
              r.opsPerSecond(),
              r.operations(),
              r.workload() == Workload.PACKET ? "packets" : "prepares",
              r.seconds(),
              r.errors(),
              r.p50Micros(),
              r.p99Micros(),
              r.p999Micros(),
              r.latencyOf()));
    }
  }

  private final BalanceTracker tracker;
  private final BalanceBench.Config config;
  private final int rounds;
  private RuntimeException firstError;

  /**
   * Prepares a comparison.
   *
   * @param tracker the tracker (already wrapped for auto-batching when configured)
   * @param config the settings of every round ({@code identified} is set per round)
   * @param rounds how many rounds of each mode, 1 or more
   */
  IdentifiedComparison(BalanceTracker tracker, BalanceBench.Config config, int rounds) {
    this.tracker = tracker;
    this.config = config;
    this.rounds = rounds;
  }

  /**
   * Runs the warm-ups and the interleaved rounds.
   *
   * @param progress receives live progress of each phase
   * @return the figures
   * @throws InterruptedException when the calling thread is interrupted
   * @throws IllegalStateException when the tracker does not support identified operations; checked
   *     before anything runs
   */
  Result run(BalanceBench.Progress progress) throws InterruptedException {
    AccountId first = AccountId.of("bench-0");
    tracker.balance(first);
    BalanceBench.requireExactlyOnce(tracker, config.store(), first);
    if (!config.warmup().isZero()) {
      // Warm both paths: a run of each mode as long as the warm-up, its figures discarded.
      new BalanceBench(tracker, config.round(false, config.warmup())).run(progress);
      new BalanceBench(tracker, config.round(true, config.warmup())).run(progress);
    }
    List<Round> done = new ArrayList<>();
    Histogram[] latency = {
      new Histogram(BalanceBench.MAX_LATENCY_NANOS, 3),
      new Histogram(BalanceBench.MAX_LATENCY_NANOS, 3)
    };
    long[] operations = new long[2];
    double[] seconds = new double[2];
    long[] errors = new long[2];
    int number = 0;
    for (int r = 0; r < rounds; r++) {
      boolean identifiedFirst = r % 2 == 1;
      for (int k = 0; k < 2; k++) {
        boolean identified = (k == 0) == identifiedFirst;
        BalanceBench bench = new BalanceBench(tracker, config.round(identified, config.duration()));
        BenchResult result = bench.run(progress);
        int m = identified ? 1 : 0;
        latency[m].add(bench.latency());
        operations[m] += result.operations();
        seconds[m] += result.seconds();
        errors[m] += result.errors();
        if (firstError == null) {
          firstError = bench.firstError();
        }
        done.add(new Round(++number, identified, result));
      }
    }
    return new Result(
        merged(false, operations[0], seconds[0], errors[0], latency[0]),
        merged(true, operations[1], seconds[1], errors[1], latency[1]),
        List.copyOf(done));
  }

  /**
   * Returns the first error seen while measuring, if any.
   *
   * @return the error or {@code null}
   */
  RuntimeException firstError() {
    return firstError;
  }

  private BenchResult merged(
      boolean identified, long operations, double seconds, long errors, Histogram h) {
    return new BenchResult(
        config.store(),
        config.threads(),
        config.accounts(),
        config.batch(),
        config.autoBatch(),
        config.workload(),
        identified,
        operations,
        seconds,
        micros(h, 50.0),
        micros(h, 99.0),
        micros(h, 99.9),
        errors);
  }

  private static double micros(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }
}
