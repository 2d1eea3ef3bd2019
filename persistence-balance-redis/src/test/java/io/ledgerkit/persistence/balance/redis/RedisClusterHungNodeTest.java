package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.testkit.internal.EmbeddedRedisCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's bound on blocking, on a Redis Cluster of the test's own with one master frozen ({@code
 * SIGSTOP}): calls on accounts of that master fail with {@link BalanceStoreUnavailableException}
 * within the tracker's documented bound, single and auto-batched, and calls on accounts of the
 * other masters still answer.
 */
@DisplayName("Redis Cluster: a hung master bounds every call; the other masters keep answering")
class RedisClusterHungNodeTest {

  private static final int ACCOUNTS = 24;

  @Test
  @DisplayName("with one master frozen, each call answers or fails within the documented bound")
  void hungMasterBlocksWithinTheBound() throws Exception {
    try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.start()) {
      String url =
          "redis-cluster://"
              + cluster.ports().stream()
                  .map(p -> "127.0.0.1:" + p)
                  .collect(Collectors.joining(","));
      RedisBalanceTracker tracker =
          RedisBalanceTracker.configure()
              .url(url)
              .keyPrefix("hung-node:")
              .connectTimeout(Duration.ofMillis(300))
              .socketTimeout(Duration.ofMillis(500))
              .start();
      Duration queue = Duration.ofMillis(500);
      AutoBatchingBalanceTracker auto =
          AutoBatchingBalanceTracker.configure(tracker).maxQueueTime(queue).start();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<AccountId> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
          AccountId a = AccountId.of("hung-node-" + i);
          tracker.fulfill(a, 100, BalanceSettings.NONE); // warms the slot map and the pools
          accounts.add(a);
        }
        Duration bound = tracker.callTimeout();
        cluster.suspend(0, true);
        try {
          Result single = run(pool, tracker, accounts);
          Result batched = run(pool, auto, accounts);
          System.out.printf(
              "hung cluster master: single %d ok / %d unavailable, longest %d ms (bound %s);"
                  + " auto-batched %d ok / %d unavailable, longest %d ms (bound %s)%n",
              single.ok,
              single.unavailable,
              single.longestMillis,
              bound,
              batched.ok,
              batched.unavailable,
              batched.longestMillis,
              queue.plus(bound));
          assertThat(single.unavailable).as("calls on the frozen master's accounts").isPositive();
          assertThat(single.ok).as("calls on the other masters' accounts").isPositive();
          assertThat(single.other).as("no other outcome than ok or unavailable").isZero();
          assertThat(batched.other).isZero();
          assertThat(single.longestMillis).isLessThanOrEqualTo(bound.toMillis() + 1_000);
          assertThat(batched.longestMillis)
              .isLessThanOrEqualTo(queue.plus(bound).toMillis() + 1_000);
        } finally {
          cluster.suspend(0, false);
        }
      } finally {
        pool.shutdownNow();
        auto.close();
      }
    }
  }

  private record Result(int ok, int unavailable, int other, long longestMillis) {}

  private static Result run(ExecutorService pool, BalanceTracker t, List<AccountId> accounts)
      throws Exception {
    List<Future<long[]>> calls = new ArrayList<>();
    for (AccountId a : accounts) {
      calls.add(
          pool.submit(
              () -> {
                long started = System.nanoTime();
                int kind;
                try {
                  t.prepare(a, 1);
                  kind = 0;
                } catch (BalanceStoreUnavailableException e) {
                  kind = 1;
                } catch (RuntimeException e) {
                  kind = 2;
                }
                return new long[] {kind, System.nanoTime() - started};
              }));
    }
    int ok = 0;
    int unavailable = 0;
    int other = 0;
    long longest = 0;
    for (Future<long[]> f : calls) {
      long[] r = f.get(60, TimeUnit.SECONDS);
      if (r[0] == 0) {
        ok++;
      } else if (r[0] == 1) {
        unavailable++;
      } else {
        other++;
      }
      longest = Math.max(longest, TimeUnit.NANOSECONDS.toMillis(r[1]));
    }
    return new Result(ok, unavailable, other, longest);
  }
}
