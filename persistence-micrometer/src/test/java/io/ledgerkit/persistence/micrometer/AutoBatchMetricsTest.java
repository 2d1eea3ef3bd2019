package io.ledgerkit.persistence.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The auto-batching meters: one call is held in the in-memory tracker (its clock read blocks), the
 * calls behind it queue, and are then dispatched as one batch.
 */
@DisplayName("auto-batching meters")
class AutoBatchMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final LedgerkitMetrics metrics = LedgerkitMetrics.configure(registry).load();

  @Test
  @DisplayName("calls queued behind a held call form one batch: size, wait and duration recorded")
  void queuedCallsFormABatch() throws Exception {
    TestClock clock = new TestClock();
    AutoBatchingBalanceTracker batching =
        AutoBatchingBalanceTracker.configure(
                InMemoryBalanceTracker.configure().clock(clock).start())
            .listener(metrics.autoBatchListener("memory"))
            .start();
    int followers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(followers + 1);
    try (BalanceTracker t = metrics.instrument(batching)) {
      clock.holdNextRead();
      Future<?> leader = pool.submit(() -> t.prepare(AccountId.of("leader"), 0));
      assertThat(clock.awaitHeld()).isTrue();
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < followers; i++) {
        AccountId a = AccountId.of("follower-" + i);
        calls.add(pool.submit(() -> t.prepare(a, 0)));
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (waiting(pool) < followers && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      Thread.sleep(50);
      clock.release();
      leader.get(10, TimeUnit.SECONDS);
      for (Future<?> f : calls) {
        f.get(10, TimeUnit.SECONDS);
      }
      AutoBatchingBalanceTracker.Statistics stats = batching.statistics();
      DistributionSummary size =
          registry.find("ledgerkit.balance.autobatch.size").tag("operation", "prepare").summary();
      assertThat(size.count()).isEqualTo(stats.dispatches()).isEqualTo(2);
      assertThat(size.totalAmount()).isEqualTo(stats.items()).isEqualTo(followers + 1);
      assertThat(size.max()).isEqualTo(stats.largestBatch()).isEqualTo(followers);
      Timer wait =
          registry.find("ledgerkit.balance.autobatch.wait").tag("operation", "prepare").timer();
      assertThat(wait.count()).as("every follower waited in the queue").isEqualTo(followers);
      assertThat(wait.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50);
      Timer duration =
          registry.find("ledgerkit.balance.autobatch.duration").tag("operation", "prepare").timer();
      assertThat(duration.count()).isEqualTo(2);
      assertThat(duration.max(TimeUnit.MILLISECONDS))
          .as("the held call's dispatch")
          .isGreaterThanOrEqualTo(50);
      Meters m = new Meters(registry);
      assertThat(m.ops("prepare", "applied")).isEqualTo(followers + 1);
      assertThat(m.timed("prepare")).isEqualTo(followers + 1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a call that outwaits maxQueueTime is a queue timeout and store_unavailable")
  void queueTimeout() throws Exception {
    TestClock clock = new TestClock();
    AutoBatchingBalanceTracker batching =
        AutoBatchingBalanceTracker.configure(
                InMemoryBalanceTracker.configure().clock(clock).start())
            .maxQueueTime(Duration.ofMillis(50))
            .listener(metrics.autoBatchListener("memory"))
            .start();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (BalanceTracker t = metrics.instrument(batching)) {
      clock.holdNextRead();
      Future<?> leader = pool.submit(() -> t.prepare(AccountId.of("leader"), 0));
      assertThat(clock.awaitHeld()).isTrue();
      assertThatThrownBy(() -> t.prepare(AccountId.of("late"), 0))
          .isInstanceOfSatisfying(
              BalanceStoreUnavailableException.class,
              e -> assertThat(e.mayHaveBeenApplied()).isFalse());
      clock.release();
      leader.get(10, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(
            registry
                .find("ledgerkit.balance.autobatch.queue.timeouts")
                .tag("operation", "prepare")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(new Meters(registry).ops("prepare", "store_unavailable")).isEqualTo(1);
  }

  /** Threads of the pool parked (queued in the lane), approximately. */
  private static int waiting(ExecutorService pool) {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      Thread.State state = t.getState();
      if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
        for (StackTraceElement e : t.getStackTrace()) {
          if (e.getClassName().endsWith("BatchLane")) {
            n++;
            break;
          }
        }
      }
    }
    return n;
  }
}
