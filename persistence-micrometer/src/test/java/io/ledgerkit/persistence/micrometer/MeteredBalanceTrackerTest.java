package io.ledgerkit.persistence.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.HoldExpiredException;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.OperationConflictException;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.UnknownHoldException;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every meter of {@link MeteredBalanceTracker} moves as the in-memory tracker's operations say. */
@DisplayName("MeteredBalanceTracker on the in-memory tracker")
class MeteredBalanceTrackerTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Meters meters = new Meters(registry);
  private final TestClock clock = new TestClock();
  private final AccountId alice = AccountId.of("alice");

  private BalanceTracker tracker() {
    return LedgerkitMetrics.configure(registry)
        .tags(Tags.of("node", "n1"))
        .load()
        .instrument(InMemoryBalanceTracker.configure().clock(clock).start());
  }

  private Instant in(Duration d) {
    return clock.instant().plus(d);
  }

  @Test
  @DisplayName("single calls are counted by outcome and timed once each, tagged store=memory")
  void singleCallsByOutcome() {
    try (BalanceTracker t = tracker()) {
      t.fulfill(alice, 100, BalanceSettings.NONE);
      t.prepare(alice, 30, 0);
      assertThatThrownBy(() -> t.prepare(alice, 1_000, 0))
          .isInstanceOf(InsufficientBalanceException.class);
      assertThatThrownBy(() -> t.prepare((PrepareRequest) null))
          .isInstanceOf(NullPointerException.class);
      t.balance(alice);
      t.journal(alice, 1, 10);

      assertThat(meters.ops("fulfill", "applied")).isEqualTo(1);
      assertThat(meters.ops("prepare", "applied")).isEqualTo(1);
      assertThat(meters.ops("prepare", "insufficient")).isEqualTo(1);
      assertThat(meters.ops("prepare", "invalid")).isEqualTo(1);
      assertThat(meters.ops("balance", "ok")).isEqualTo(1);
      assertThat(meters.ops("journal", "ok")).isEqualTo(1);
      assertThat(meters.timed("prepare")).as("failures are timed too").isEqualTo(3);
      assertThat(meters.timed("fulfill")).isEqualTo(1);
      assertThat(
              registry
                  .find("ledgerkit.balance.operations")
                  .tags("store", "memory", "node", "n1", "operation", "prepare")
                  .counters())
          .hasSize(3);
    }
  }

  @Test
  @DisplayName(
      "exactly-once calls: replays, conflicts, expiry, unknown holds; holds created, committed,"
          + " released and expired")
  void exactlyOnce() {
    try (BalanceTracker t = tracker()) {
      t.fulfill(alice, 1_000, BalanceSettings.NONE);
      PrepareRequest p1 =
          PrepareRequest.of(alice, 10)
              .withId(OperationId.of("p1"))
              .expiringAt(in(Duration.ofHours(1)));
      PrepareResult first = t.prepare(p1);
      assertThat(t.prepare(p1).replayed()).isTrue();
      assertThatThrownBy(() -> t.prepare(PrepareRequest.of(alice, 11).withId(OperationId.of("p1"))))
          .isInstanceOf(OperationConflictException.class);
      HoldRef h1 = first.hold().orElseThrow();
      t.commit(h1);
      assertThat(t.commit(h1).replayed()).isTrue();
      assertThatThrownBy(() -> t.reject(h1)).isInstanceOf(OperationConflictException.class);

      HoldRef h2 = t.prepare(PrepareRequest.of(alice, 5).withId(OperationId.of("p2"))).hold().get();
      t.reject(h2);
      assertThat(t.reject(h2).replayed()).isTrue();

      HoldRef h3 =
          t.prepare(
                  PrepareRequest.of(alice, 7)
                      .withId(OperationId.of("p3"))
                      .expiringAt(in(Duration.ofSeconds(1))))
              .hold()
              .get();
      t.prepare(
          PrepareRequest.of(alice, 8)
              .withId(OperationId.of("p4"))
              .expiringAt(in(Duration.ofSeconds(1))));
      clock.advance(Duration.ofSeconds(2));
      assertThatThrownBy(() -> t.commit(h3)).isInstanceOf(HoldExpiredException.class);
      assertThat(t.expireHolds(10)).hasSize(1);
      assertThatThrownBy(() -> t.commit(new HoldRef(alice, OperationId.of("nope"))))
          .isInstanceOf(UnknownHoldException.class);
      t.holds(alice);
      t.hold(h1);

      assertThat(meters.ops("prepare", "applied")).isEqualTo(4);
      assertThat(meters.ops("prepare", "replayed")).isEqualTo(1);
      assertThat(meters.ops("prepare", "conflict")).isEqualTo(1);
      assertThat(meters.ops("commit", "applied")).isEqualTo(1);
      assertThat(meters.ops("commit", "replayed")).isEqualTo(1);
      assertThat(meters.ops("commit", "expired")).isEqualTo(1);
      assertThat(meters.ops("commit", "not_found")).isEqualTo(1);
      assertThat(meters.ops("reject_hold", "conflict")).isEqualTo(1);
      assertThat(meters.ops("reject_hold", "applied")).isEqualTo(1);
      assertThat(meters.ops("reject_hold", "replayed")).isEqualTo(1);
      assertThat(meters.ops("expire_holds", "applied")).isEqualTo(1);
      assertThat(meters.ops("holds", "ok")).isEqualTo(1);
      assertThat(meters.ops("hold", "ok")).isEqualTo(1);
      assertThat(meters.counter("ledgerkit.balance.holds.created")).isEqualTo(4);
      assertThat(meters.counter("ledgerkit.balance.holds.committed")).isEqualTo(1);
      assertThat(meters.counter("ledgerkit.balance.holds.released")).isEqualTo(1);
      assertThat(meters.counter("ledgerkit.balance.holds.expired"))
          .as("p4 by expireHolds; p3 was released by its failed commit, counted as commit/expired")
          .isEqualTo(1);
    }
  }

  @Test
  @DisplayName("overflow, settlements triggered and closed, incoming settlement conflicts")
  void overflowAndSettlements() {
    try (BalanceTracker t = tracker()) {
      AccountId bob = AccountId.of("bob");
      t.fulfill(bob, Long.MAX_VALUE, BalanceSettings.NONE);
      assertThatThrownBy(() -> t.fulfill(bob, 1, BalanceSettings.NONE))
          .isInstanceOf(BalanceOverflowException.class);
      FulfillResult settled = t.fulfill(alice, 100, BalanceSettings.settleAt(50, 0));
      assertThat(settled.settlement()).isNotNull();
      t.settlementSucceeded(settled.settlement().id());
      t.pendingSettlements(alice);
      t.pendingSettlements();
      t.pendingSettlements(null, 10);
      assertThatThrownBy(() -> t.pendingSettlements(null, 0))
          .isInstanceOf(IllegalArgumentException.class);
      t.incomingSettlement("in-1", alice, 10);
      t.incomingSettlement("in-1", alice, 10);
      assertThatThrownBy(() -> t.incomingSettlement("in-1", alice, 11))
          .isInstanceOf(SettlementConflictException.class);
      FulfillRequest f = FulfillRequest.of(alice, 1).withId(OperationId.of("f1"));
      t.fulfill(f);
      assertThat(t.fulfill(f).replayed()).isTrue();

      assertThat(meters.ops("fulfill", "overflow")).isEqualTo(1);
      assertThat(meters.ops("fulfill", "applied")).isEqualTo(3);
      assertThat(meters.ops("fulfill", "replayed")).isEqualTo(1);
      assertThat(meters.counter("ledgerkit.balance.settlements.triggered")).isEqualTo(1);
      assertThat(meters.ops("settlement_succeeded", "applied")).isEqualTo(1);
      assertThat(meters.ops("pending_settlements", "ok")).isEqualTo(1);
      assertThat(meters.ops("all_pending_settlements", "ok")).isEqualTo(1);
      assertThat(meters.ops("pending_settlements_page", "ok")).isEqualTo(1);
      assertThat(meters.ops("pending_settlements_page", "invalid")).isEqualTo(1);
      assertThat(meters.ops("incoming_settlement", "applied")).isEqualTo(2);
      assertThat(meters.ops("incoming_settlement", "conflict")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("batch calls count each item by its own outcome and are timed once")
  void batchCalls() {
    try (BalanceTracker t = tracker()) {
      t.fulfill(alice, 100, BalanceSettings.NONE);
      var prepared =
          t.prepareAll(
              List.of(
                  PrepareRequest.of(alice, 10),
                  PrepareRequest.of(alice, 1_000).withMinBalance(0L),
                  PrepareRequest.of(alice, 20).withId(OperationId.of("b1")),
                  PrepareRequest.of(alice, 20).withId(OperationId.of("b1"))));
      t.fulfillAll(
          List.of(FulfillRequest.of(alice, 1), FulfillRequest.of(AccountId.of("carol"), 2)));
      t.rejectAll(List.of(prepared.get(0).get()));
      HoldRef b1 = prepared.get(2).get().hold().get();
      HoldRef b2 = t.prepare(PrepareRequest.of(alice, 3).withId(OperationId.of("b2"))).hold().get();
      t.commitHolds(List.of(b1, b1, new HoldRef(alice, OperationId.of("none"))));
      t.rejectHolds(List.of(b2, b1));

      assertThat(meters.ops("prepare_all", "applied")).isEqualTo(2);
      assertThat(meters.ops("prepare_all", "insufficient")).isEqualTo(1);
      assertThat(meters.ops("prepare_all", "replayed")).isEqualTo(1);
      assertThat(meters.timed("prepare_all")).isEqualTo(1);
      assertThat(meters.ops("fulfill_all", "applied")).isEqualTo(2);
      assertThat(meters.ops("reject_all", "applied")).isEqualTo(1);
      assertThat(meters.ops("commit_holds", "applied")).isEqualTo(1);
      assertThat(meters.ops("commit_holds", "replayed")).isEqualTo(1);
      assertThat(meters.ops("commit_holds", "not_found")).isEqualTo(1);
      assertThat(meters.ops("reject_holds", "applied")).isEqualTo(1);
      assertThat(meters.ops("reject_holds", "conflict")).isEqualTo(1);
      assertThat(meters.timed("commit_holds")).isEqualTo(1);
      assertThat(meters.counter("ledgerkit.balance.holds.created")).isEqualTo(2);
      assertThat(meters.counter("ledgerkit.balance.holds.committed")).isEqualTo(1);
      assertThat(meters.counter("ledgerkit.balance.holds.released")).isEqualTo(1);

      assertThatThrownBy(() -> t.prepareAll(null)).isInstanceOf(NullPointerException.class);
      assertThat(meters.ops("prepare_all", "invalid")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a closed tracker's refusals count as error")
  void closed() {
    BalanceTracker t = tracker();
    t.close();
    assertThatThrownBy(() -> t.balance(alice)).isInstanceOf(IllegalStateException.class);
    assertThat(meters.ops("balance", "error")).isEqualTo(1);
  }

  @Test
  @DisplayName("percentiles and the histogram are configurable")
  void distribution() {
    // SimpleMeterRegistry drops percentile-histogram buckets (it has no aggregable percentiles):
    // read the configuration the meter was registered with instead.
    java.util.Map<String, DistributionStatisticConfig> configs =
        new java.util.concurrent.ConcurrentHashMap<>();
    registry
        .config()
        .meterFilter(
            new MeterFilter() {
              @Override
              public DistributionStatisticConfig configure(
                  Meter.Id id, DistributionStatisticConfig config) {
                configs.put(id.getName() + " " + id.getTag("operation"), config);
                return config;
              }
            });
    LedgerkitMetrics metrics =
        LedgerkitMetrics.configure(registry)
            .percentiles(0.5, 0.99)
            .percentileHistogram(true)
            .load();
    try (BalanceTracker t = metrics.instrument(InMemoryBalanceTracker.configure().start())) {
      for (int i = 0; i < 10; i++) {
        t.fulfill(alice, 1, BalanceSettings.NONE);
      }
    }
    Timer timer = registry.find("ledgerkit.balance.latency").tag("operation", "fulfill").timer();
    assertThat(timer.count()).isEqualTo(10);
    assertThat(timer.takeSnapshot().percentileValues()).hasSize(2);
    assertThat(configs.get("ledgerkit.balance.latency fulfill").isPercentileHistogram()).isTrue();

    SimpleMeterRegistry plain = new SimpleMeterRegistry();
    try (BalanceTracker t =
        LedgerkitMetrics.configure(plain)
            .percentiles()
            .load()
            .instrument(InMemoryBalanceTracker.configure().start())) {
      t.balance(alice);
    }
    Timer none = plain.find("ledgerkit.balance.latency").timer();
    assertThat(none.takeSnapshot().percentileValues()).isEmpty();
    assertThat(none.takeSnapshot().histogramCounts()).isEmpty();
  }
}
