package io.ledgerkit.persistence.cli.bench;

import java.util.Locale;

/**
 * The figures of one {@code bench balances} run.
 *
 * @param store the store name
 * @param threads the number of client threads
 * @param accounts the number of accounts operated on
 * @param batch the items per batch call (1 for single calls)
 * @param autoBatch whether the tracker was wrapped in the auto-batching tracker
 * @param workload what one operation is
 * @param identified whether every operation carried an operation id
 * @param operations the operations that succeeded during the measured time
 * @param seconds the measured time
 * @param p50Micros the median latency of one call (a batch call when {@code batch > 1})
 * @param p99Micros the 99th percentile latency of one call
 * @param p999Micros the 99.9th percentile latency of one call
 * @param errors the operations that failed during the measured time
 */
record BenchResult(
    String store,
    int threads,
    int accounts,
    int batch,
    boolean autoBatch,
    Workload workload,
    boolean identified,
    long operations,
    double seconds,
    double p50Micros,
    double p99Micros,
    double p999Micros,
    long errors) {

  /**
   * Returns the throughput.
   *
   * @return successful operations per second of measured time
   */
  double opsPerSecond() {
    return seconds <= 0 ? 0 : operations / seconds;
  }

  /**
   * The tracker calls of one operation (or of one batch of operations).
   *
   * @return 1 to 3
   */
  int callsPerOperation() {
    return (workload == Workload.PACKET ? 2 : 1) + (identified ? 1 : 0);
  }

  /**
   * What one call sequence of an operation is, in words.
   *
   * @return for example {@code prepare + fulfill + commit, with ids}
   */
  String calls() {
    String base = workload == Workload.PACKET ? "prepare + fulfill" : "prepare";
    return identified ? base + " + commit, with ids" : base;
  }

  /**
   * Renders the result as one JSON object on one line.
   *
   * @return the JSON text
   */
  String toJson() {
    return "{"
        + "\"store\":"
        + quote(store)
        + ",\"threads\":"
        + threads
        + ",\"accounts\":"
        + accounts
        + ",\"batch\":"
        + batch
        + ",\"workload\":"
        + quote(workload.label())
        + ",\"identified\":"
        + identified
        + ",\"callsPerOperation\":"
        + callsPerOperation()
        + ",\"operations\":"
        + operations
        + ",\"seconds\":"
        + decimal(seconds, 3)
        + ",\"opsPerSecond\":"
        + decimal(opsPerSecond(), 1)
        + ",\"p50Micros\":"
        + decimal(p50Micros, 3)
        + ",\"p99Micros\":"
        + decimal(p99Micros, 3)
        + ",\"p999Micros\":"
        + decimal(p999Micros, 3)
        + ",\"errors\":"
        + errors
        + ",\"autoBatch\":"
        + autoBatch
        + "}";
  }

  /**
   * Renders the result for a human.
   *
   * @return a few lines of text
   */
  String toText() {
    String unit = workload == Workload.PACKET ? "packets" : "prepares";
    return String.format(
        Locale.ROOT,
        "store %s, workload %s, %d threads, %d accounts, batch %d, auto-batch %s%s%n"
            + "operations  %,d %s in %.3f s (%,d errors)%n"
            + "throughput  %,.0f ops/s%n"
            + "latency     p50 %.1f us, p99 %.1f us, p99.9 %.1f us (%s)%n",
        store,
        workload.label(),
        threads,
        accounts,
        batch,
        autoBatch ? "on" : "off",
        identified ? ", identified" : "",
        operations,
        unit,
        seconds,
        errors,
        opsPerSecond(),
        p50Micros,
        p99Micros,
        p999Micros,
        latencyOf());
  }

  /**
   * What one latency sample is, for the text output.
   *
   * @return for example {@code per packet (one prepare + one fulfill call)}
   */
  String latencyOf() {
    if (identified) {
      if (batch > 1) {
        return workload == Workload.PACKET
            ? "per batch of " + batch + " packets (one prepareAll + fulfillAll + commitHolds)"
            : "per batch of " + batch + " prepares (one prepareAll + commitHolds)";
      }
      return workload == Workload.PACKET
          ? "per packet (one prepare + fulfill + commit call, with ids)"
          : "per prepare (one prepare + commit call, with ids)";
    }
    if (batch > 1) {
      return workload == Workload.PACKET
          ? "per batch of " + batch + " packets (one prepareAll + one fulfillAll call)"
          : "per prepareAll call of " + batch + " prepares";
    }
    return workload == Workload.PACKET
        ? "per packet (one prepare + one fulfill call)"
        : "per prepare call";
  }

  static String decimal(double value, int places) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "0";
    }
    return String.format(Locale.ROOT, "%." + places + "f", value);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
