package io.ledgerkit.persistence.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.redis.RedisBalanceTracker;
import io.ledgerkit.persistence.testkit.EmbeddedRedisServer;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import io.micrometer.core.instrument.DistributionSummary;
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
import org.junit.jupiter.api.extension.RegisterExtension;

/** The meters against the real Redis tracker, and against a Redis server the test stops itself. */
@DisplayName("metrics on RedisBalanceTracker")
class RedisMetricsTest {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Meters meters = new Meters(registry);
  private final LedgerkitMetrics metrics = LedgerkitMetrics.configure(registry).load();

  @Test
  @DisplayName(
      "concurrent auto-batched calls: every call counted and timed once, every operation in"
          + " exactly one dispatch, tagged store=redis")
  void concurrentAutoBatched(TestRedis redis) throws Exception {
    RedisBalanceTracker plain =
        RedisBalanceTracker.configure()
            .url(redis.uri().toString())
            .keyPrefix(redis.keyPrefix())
            .start();
    AutoBatchingBalanceTracker batching =
        AutoBatchingBalanceTracker.configure(plain)
            .listener(metrics.autoBatchListener("redis"))
            .start();
    int threads = 8;
    int perThread = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (BalanceTracker t = metrics.instrument(batching)) {
      assertThat(LedgerkitMetrics.storeOf(t)).isEqualTo("redis");
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        AccountId a = AccountId.of("w" + (i % 3));
        futures.add(
            pool.submit(
                () -> {
                  for (int k = 0; k < perThread; k++) {
                    t.fulfill(a, 1, BalanceSettings.NONE);
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
      AccountId alice = AccountId.of("alice");
      assertThatThrownBy(() -> t.prepare(alice, 5, 0))
          .isInstanceOf(InsufficientBalanceException.class);
      PrepareRequest once = PrepareRequest.of(alice, 0).withId(OperationId.of("once"));
      t.prepare(once);
      assertThat(t.prepare(once).replayed()).isTrue();

      int total = threads * perThread;
      assertThat(meters.ops("fulfill", "applied")).isEqualTo(total);
      assertThat(meters.timed("fulfill")).isEqualTo(total);
      assertThat(meters.ops("prepare", "insufficient")).isEqualTo(1);
      assertThat(meters.ops("prepare", "applied")).isEqualTo(1);
      assertThat(meters.ops("prepare", "replayed")).isEqualTo(1);
      assertThat(
              registry
                  .find("ledgerkit.balance.operations")
                  .tags("store", "redis", "operation", "fulfill", "outcome", "applied")
                  .counter())
          .isNotNull();
      DistributionSummary size =
          registry.find("ledgerkit.balance.autobatch.size").tag("operation", "fulfill").summary();
      AutoBatchingBalanceTracker.Statistics stats = batching.statistics();
      assertThat(size.totalAmount()).as("each fulfill in exactly one dispatch").isEqualTo(total);
      assertThat(size.max()).isLessThanOrEqualTo(batching.maxBatchSize());
      System.out.printf(
          "redis auto-batch: %d fulfills in %d dispatches (mean %.2f, largest %d, waits %d)%n",
          total,
          size.count(),
          size.mean(),
          (long) size.max(),
          registry
              .find("ledgerkit.balance.autobatch.wait")
              .tag("operation", "fulfill")
              .timer()
              .count());
      assertThat(stats.items()).isGreaterThanOrEqualTo(total);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName(
      "a Redis server that stops, then hangs: every failure counted as store_unavailable or"
          + " in_doubt exactly as its exception says")
  void storeUnavailableAndInDoubt() throws Exception {
    try (EmbeddedRedisServer server = EmbeddedRedisServer.start()) {
      RedisBalanceTracker plain =
          RedisBalanceTracker.configure()
              .url(server.uri().toString())
              .keyPrefix("metrics:" + System.nanoTime() + ":")
              .connectTimeout(Duration.ofMillis(300))
              .socketTimeout(Duration.ofMillis(500))
              .start();
      try (BalanceTracker t = metrics.instrument(plain)) {
        AccountId a = AccountId.of("down");
        t.fulfill(a, 1, BalanceSettings.NONE);
        server.stop();
        int notApplied = 0;
        int inDoubt = 0;
        for (int i = 0; i < 3; i++) {
          try {
            t.fulfill(a, 1, BalanceSettings.NONE);
          } catch (BalanceStoreUnavailableException e) {
            if (e.mayHaveBeenApplied()) {
              inDoubt++;
            } else {
              notApplied++;
            }
          }
        }
        assertThat(notApplied + inDoubt).as("all three failed").isEqualTo(3);
        assertThat(meters.ops("fulfill", "store_unavailable")).isEqualTo(notApplied);
        assertThat(meters.ops("fulfill", "in_doubt")).isEqualTo(inDoubt);
        assertThat(notApplied)
            .as("a stopped server refuses connections: nothing sent")
            .isPositive();

        server.restart();
        t.fulfill(a, 1, BalanceSettings.NONE);
        server.suspend();
        try {
          assertThatThrownBy(() -> t.fulfill(a, 1, BalanceSettings.NONE))
              .isInstanceOfSatisfying(
                  BalanceStoreUnavailableException.class,
                  e -> assertThat(e.mayHaveBeenApplied()).as("sent, no answer").isTrue());
        } finally {
          server.resume();
        }
        assertThat(meters.ops("fulfill", "in_doubt")).isEqualTo(inDoubt + 1);
        assertThat(meters.ops("fulfill", "applied")).isEqualTo(2);
        assertThat(meters.timed("fulfill")).isEqualTo(6);
      }
    }
  }
}
