package io.ledgerkit.persistence.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/** Reads meters of a registry for assertions: a missing meter counts as zero. */
final class Meters {
  private final MeterRegistry registry;

  Meters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** {@code ledgerkit.balance.operations} of one operation and outcome. */
  double ops(String operation, String outcome) {
    Counter c =
        registry
            .find("ledgerkit.balance.operations")
            .tags("operation", operation, "outcome", outcome)
            .counter();
    return c == null ? 0 : c.count();
  }

  /** The sum of {@code ledgerkit.balance.operations} of one operation over all outcomes. */
  double ops(String operation) {
    return registry
        .find("ledgerkit.balance.operations")
        .tags("operation", operation)
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** How many calls {@code ledgerkit.balance.latency} timed for one operation. */
  long timed(String operation) {
    Timer t = registry.find("ledgerkit.balance.latency").tags("operation", operation).timer();
    return t == null ? 0 : t.count();
  }

  /** A plain counter, e.g. {@code ledgerkit.balance.holds.created}. */
  double counter(String name) {
    Counter c = registry.find(name).counter();
    return c == null ? 0 : c.count();
  }
}
