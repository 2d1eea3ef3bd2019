package io.ledgerkit.persistence.micrometer.internal;

import io.ledgerkit.persistence.balance.AutoBatchListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * An {@link AutoBatchListener} that records into meters registered up front, one set per batching
 * lane: no lookup, no allocation per call. Not a public API.
 */
public final class AutoBatchMeters implements AutoBatchListener {

  /** The batching lanes, as {@link AutoBatchListener} names them. */
  static final String[] LANES = {"prepare", "fulfill", "reject", "commit", "reject_hold"};

  private final Lane[] lanes = new Lane[LANES.length];

  private record Lane(
      Counter timeouts, DistributionSummary size, Timer duration, Timer queueWait) {}

  /**
   * Registers the meters.
   *
   * @param registry the registry
   * @param tags the common tags and {@code store}
   * @param distribution how timers and the size summary publish their distribution
   */
  public AutoBatchMeters(MeterRegistry registry, Tags tags, Distribution distribution) {
    for (int i = 0; i < LANES.length; i++) {
      Tags t = tags.and("operation", LANES[i]);
      lanes[i] =
          new Lane(
              Counter.builder("ledgerkit.balance.autobatch.queue.timeouts")
                  .description(
                      "Calls that waited longer than maxQueueTime in the auto-batching queue and"
                          + " failed, nothing applied")
                  .baseUnit("calls")
                  .tags(t)
                  .register(registry),
              distribution
                  .apply(
                      DistributionSummary.builder("ledgerkit.balance.autobatch.size")
                          .description(
                              "Operations per dispatch of the auto-batching wrapper to the store"
                                  + " (1 for a call that ran alone)")
                          .baseUnit("operations"))
                  .tags(t)
                  .register(registry),
              distribution
                  .apply(
                      Timer.builder("ledgerkit.balance.autobatch.duration")
                          .description("Time the store took for one dispatch (single or batch)"))
                  .tags(t)
                  .register(registry),
              distribution
                  .apply(
                      Timer.builder("ledgerkit.balance.autobatch.wait")
                          .description(
                              "Time a call waited in the auto-batching queue before its batch"
                                  + " started (calls that ran at once are not recorded)"))
                  .tags(t)
                  .register(registry));
    }
  }

  private Lane lane(String operation) {
    switch (operation) {
      case "prepare":
        return lanes[0];
      case "fulfill":
        return lanes[1];
      case "reject":
        return lanes[2];
      case "commit":
        return lanes[3];
      case "reject_hold":
        return lanes[4];
      default:
        return null;
    }
  }

  @Override
  public void dispatched(String operation, int size, long nanos) {
    Lane l = lane(operation);
    if (l != null) {
      l.size.record(size);
      l.duration.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void queued(String operation, long nanos) {
    Lane l = lane(operation);
    if (l != null) {
      l.queueWait.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void queueTimedOut(String operation) {
    Lane l = lane(operation);
    if (l != null) {
      l.timeouts.increment();
    }
  }
}
