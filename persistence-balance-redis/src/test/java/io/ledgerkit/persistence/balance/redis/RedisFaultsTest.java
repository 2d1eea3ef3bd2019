package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.testkit.EmbeddedRedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The faults of issue 12 on a Redis server of the test's own: the bound on blocking against a hung
 * (SIGSTOPped) server, the in-doubt flag, and close with calls in flight on the tracker's own
 * client.
 */
@DisplayName("RedisBalanceTracker: bounded blocking, in-doubt flag, clean close")
class RedisFaultsTest {

  private final String prefix = "faults:" + UUID.randomUUID().toString().substring(0, 8) + ":";

  private RedisBalanceTracker.Builder builder(EmbeddedRedisServer server) {
    return RedisBalanceTracker.configure()
        .url(server.uri().toString())
        .keyPrefix(prefix)
        .connectTimeout(Duration.ofMillis(300))
        .socketTimeout(Duration.ofMillis(500));
  }

  @Test
  @DisplayName(
      "against a hung server (SIGSTOP) every call, single or auto-batched, fails with"
          + " BalanceStoreUnavailableException within the documented bound; a script sent to it"
          + " is in doubt")
  void hungServerBlocksWithinTheBound() throws Exception {
    try (EmbeddedRedisServer server = EmbeddedRedisServer.start()) {
      RedisBalanceTracker t = builder(server).start();
      Duration queue = Duration.ofMillis(500);
      AutoBatchingBalanceTracker auto =
          AutoBatchingBalanceTracker.configure(t).maxQueueTime(queue).start();
      AccountId a = AccountId.of("hung");
      try {
        t.fulfill(a, 100, BalanceSettings.NONE);
        Duration bound = t.callTimeout();
        Duration autoBound = queue.plus(bound);
        server.suspend();
        long longestSingle = 0;
        try {
          // the first script goes out on the live pooled connection: sent, no reply
          Throwable first = catchThrowable(() -> t.prepare(a, 1));
          assertThat(first).isInstanceOf(BalanceStoreUnavailableException.class);
          assertThat(((BalanceStoreUnavailableException) first).mayHaveBeenApplied())
              .as("a script sent to a hung server: %s", first.getMessage())
              .isTrue();
          List<Callable<Object>> singles =
              List.of(
                  () -> t.prepare(a, 1),
                  () -> t.balance(a),
                  () -> t.incomingSettlement("hung-1", a, 1),
                  () -> t.fulfillAll(List.of(new FulfillRequest(a, 1, BalanceSettings.NONE))),
                  () -> t.pendingSettlements(a));
          for (Callable<Object> c : singles) {
            long started = System.nanoTime();
            Throwable e = catchThrowable(c::call);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(e).isInstanceOf(BalanceStoreUnavailableException.class);
            longestSingle = Math.max(longestSingle, ms);
          }
          // reads write nothing: a lost reply must say so, even for the read-only scripts
          HoldRef ref = new HoldRef(a, OperationId.of("hung-hold"));
          Map<String, Callable<Object>> reads = new LinkedHashMap<>();
          reads.put("hold(ref)", () -> t.hold(ref));
          reads.put("holds(account)", () -> t.holds(a));
          reads.put("journal(account)", () -> t.journal(a, 1, 10));
          reads.put("holds(null, 10)", () -> t.holds(null, 10));
          reads.put("balance(account)", () -> t.balance(a));
          for (Map.Entry<String, Callable<Object>> r : reads.entrySet()) {
            long started = System.nanoTime();
            Throwable e = catchThrowable(r.getValue()::call);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(e).as(r.getKey()).isInstanceOf(BalanceStoreUnavailableException.class);
            assertThat(((BalanceStoreUnavailableException) e).mayHaveBeenApplied())
                .as("%s against a hung server is a read: %s", r.getKey(), e.getMessage())
                .isFalse();
            longestSingle = Math.max(longestSingle, ms);
          }
          long longestAuto = longestAutoBatched(auto, a, 8);
          System.out.printf(
              "hung Redis: longest single call %d ms (bound %s), longest auto-batched %d ms"
                  + " (bound %s)%n",
              longestSingle, bound, longestAuto, autoBound);
          assertThat(longestSingle).isLessThanOrEqualTo(bound.toMillis() + 1_000);
          assertThat(longestAuto).isLessThanOrEqualTo(autoBound.toMillis() + 1_000);
        } finally {
          server.resume();
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
          try {
            auto.prepare(a, 1);
            break;
          } catch (BalanceStoreUnavailableException e) {
            if (System.nanoTime() > until) {
              throw e;
            }
            Thread.sleep(100);
          }
        }
      } finally {
        auto.close();
      }
    }
  }

  @Test
  @DisplayName("a call that cannot reach the server at all says that nothing was applied")
  void unreachableServerIsNotApplied() throws Exception {
    try (EmbeddedRedisServer server = EmbeddedRedisServer.start()) {
      try (RedisBalanceTracker t = builder(server).maxConnections(1).start()) {
        AccountId a = AccountId.of("gone");
        t.fulfill(a, 5, BalanceSettings.NONE);
        server.stop();
        List<BalanceStoreUnavailableException> failures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          Throwable e = catchThrowable(() -> t.prepare(a, 1));
          assertThat(e).isInstanceOf(BalanceStoreUnavailableException.class);
          failures.add((BalanceStoreUnavailableException) e);
        }
        // the pooled connection may die in flight (in doubt); every later call finds no server
        for (BalanceStoreUnavailableException e : failures.subList(2, failures.size())) {
          assertThat(e.mayHaveBeenApplied()).as("%s", e.getMessage()).isFalse();
        }
        Throwable read = catchThrowable(() -> t.balance(a));
        assertThat(((BalanceStoreUnavailableException) read).mayHaveBeenApplied()).isFalse();
      }
    }
  }

  @Test
  @DisplayName(
      "close with calls in flight on the tracker's own client: they complete or are refused"
          + " with IllegalStateException, never 'Could not get a resource from the pool'")
  void closeWithCallsInFlight() throws Exception {
    try (EmbeddedRedisServer server = EmbeddedRedisServer.start()) {
      int threads = 6;
      RedisBalanceTracker t = builder(server).start();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<long[]>> workers = new ArrayList<>();
      try {
        CountDownLatch started = new CountDownLatch(threads);
        for (int w = 0; w < threads; w++) {
          AccountId own = AccountId.of("closing-" + w);
          workers.add(
              pool.submit(
                  () -> {
                    started.countDown();
                    long applied = 0;
                    while (true) {
                      try {
                        t.prepare(own, 1);
                        applied++;
                      } catch (IllegalStateException e) {
                        assertThat(e).hasMessageContaining("closed");
                        return new long[] {applied};
                      }
                    }
                  }));
        }
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300);
        t.close();
        try (RedisBalanceTracker check = builder(server).start()) {
          for (int w = 0; w < threads; w++) {
            AccountId own = AccountId.of("closing-" + w);
            long applied = workers.get(w).get(30, TimeUnit.SECONDS)[0];
            assertThat(applied).isPositive();
            assertThat(check.balance(own)).isEqualTo(new AccountBalance(own, -applied, 0));
          }
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static long longestAutoBatched(BalanceTracker auto, AccountId a, int threads)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Long>> calls = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  long longest = 0;
                  for (int n = 0; n < 3; n++) {
                    long started = System.nanoTime();
                    Throwable e = catchThrowable(() -> auto.prepare(a, 1));
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    assertThat(e).isInstanceOf(BalanceStoreUnavailableException.class);
                    longest = Math.max(longest, ms);
                  }
                  return longest;
                }));
      }
      start.countDown();
      long longest = 0;
      for (Future<Long> f : calls) {
        longest = Math.max(longest, f.get(2, TimeUnit.MINUTES));
      }
      return longest;
    } finally {
      pool.shutdownNow();
    }
  }
}
