package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.testkit.EmbeddedRedisServer;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;

/** The Redis tracker under failures: a server that stops and comes back, scripts flushed. */
@DisplayName("RedisBalanceTracker under faults")
class RedisFaultTest {
  @RegisterExtension static final TestRedisExtension CLUSTER = TestRedisExtension.cluster();

  private static EmbeddedRedisServer server;

  @BeforeAll
  static void startServer() {
    server = EmbeddedRedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private static RedisBalanceTracker tracker(String prefix) {
    return RedisBalanceTracker.configure()
        .url(server.uri().toString())
        .keyPrefix(prefix)
        .connectTimeout(Duration.ofMillis(300))
        .socketTimeout(Duration.ofMillis(1_000))
        .start();
  }

  /** What one worker saw: fulfills of 1 that were acknowledged, and those whose outcome is open. */
  private record Tally(AccountId account, long acknowledged, long inDoubt) {}

  @Test
  @DisplayName(
      "a server stopped in the middle of a concurrent run: in-flight operations fail as"
          + " unavailable, the same tracker works after the restart, balances equal the"
          + " acknowledged operations plus at most the in-doubt ones")
  void serverStopsAndComesBack() throws Exception {
    // The embedded server has no persistence; a save point makes SIGTERM write a snapshot that
    // the restarted server loads, so acknowledged writes survive the restart as on a durable
    // deployment.
    try (RedisClient admin = RedisClient.create(server.uri())) {
      admin.configSet("save", "3600 1");
    }
    int threads = 6;
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<Throwable> wrong = new ConcurrentLinkedQueue<>();
    CountDownLatch firstFailure = new CountDownLatch(1);
    try (RedisBalanceTracker tracker = tracker("fault:" + System.nanoTime() + ":")) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Tally>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        AccountId account = AccountId.of("worker-" + t);
        futures.add(
            pool.submit(
                () -> {
                  long acked = 0;
                  long inDoubt = 0;
                  while (!stop.get()) {
                    try {
                      tracker.fulfill(account, 1, BalanceSettings.NONE);
                      acked++;
                    } catch (BalanceStoreUnavailableException e) {
                      inDoubt++;
                      firstFailure.countDown();
                      Thread.sleep(20);
                    } catch (RuntimeException e) {
                      wrong.add(e);
                    }
                  }
                  return new Tally(account, acked, inDoubt);
                }));
      }
      Thread.sleep(300);
      server.stop();
      assertThat(firstFailure.await(10, TimeUnit.SECONDS))
          .as("some operation failed while the server was down")
          .isTrue();
      // a prepare during the outage is an infrastructure failure, never a business refusal
      assertThatThrownBy(() -> tracker.prepare(AccountId.of("worker-0"), 1, 0))
          .isInstanceOf(BalanceStoreUnavailableException.class);
      Thread.sleep(200);
      server.restart();
      Thread.sleep(500);
      stop.set(true);
      List<Tally> tallies = new ArrayList<>();
      for (Future<Tally> f : futures) {
        tallies.add(f.get(30, TimeUnit.SECONDS));
      }
      pool.shutdown();
      assertThat(wrong).as("exceptions other than BalanceStoreUnavailableException").isEmpty();
      long totalInDoubt = 0;
      for (Tally t : tallies) {
        AccountBalance b = tracker.balance(t.account());
        assertThat(b.clearingBalance())
            .as(
                "balance of %s: %d acknowledged, %d in doubt",
                t.account(), t.acknowledged(), t.inDoubt())
            .isBetween(t.acknowledged(), t.acknowledged() + t.inDoubt());
        totalInDoubt += t.inDoubt();
      }
      assertThat(totalInDoubt).as("operations that failed during the outage").isPositive();
      // the same tracker instance (its scripts gone with the old process) works after the restart
      AccountId after = AccountId.of("after-restart");
      tracker.fulfill(after, 5, BalanceSettings.NONE);
      assertThat(tracker.prepare(PrepareRequest.of(after, 2)).balance().clearingBalance())
          .isEqualTo(3);
    }
  }

  @Test
  @DisplayName(
      "a server that does not answer within the socket timeout raises"
          + " BalanceStoreUnavailableException, not a refusal")
  void timeoutIsUnavailable() throws Exception {
    AccountId account = AccountId.of("paused");
    try (RedisBalanceTracker tracker = tracker("pause:" + System.nanoTime() + ":");
        RedisClient admin = RedisClient.create(server.uri())) {
      tracker.fulfill(account, 10, BalanceSettings.NONE);
      admin.sendCommand(redis.clients.jedis.Protocol.Command.CLIENT, "PAUSE", "1500");
      assertThatThrownBy(() -> tracker.prepare(account, 1_000, 0))
          .isInstanceOf(BalanceStoreUnavailableException.class)
          .hasMessageContaining("Redis balance store");
      Thread.sleep(1_600);
      assertThat(tracker.prepare(account, 4, 0).balance().clearingBalance()).isEqualTo(6);
    }
  }

  @Test
  @DisplayName("SCRIPT FLUSH in the middle of a concurrent run costs no failed operation")
  void scriptFlushOnStandalone() throws Exception {
    try (RedisBalanceTracker tracker = tracker("flush:" + System.nanoTime() + ":");
        RedisClient admin = RedisClient.create(server.uri())) {
      runWithFlushes(tracker, () -> admin.scriptFlush());
    }
  }

  @Test
  @DisplayName(
      "SCRIPT FLUSH on every cluster node in the middle of a run costs no failed operation")
  void scriptFlushOnCluster() throws Exception {
    try (RedisBalanceTracker tracker = RedisTrackers.open(CLUSTER.redis())) {
      assertThat(tracker.isCluster()).isTrue();
      RedisClusterClient client = (RedisClusterClient) trackerClient(tracker);
      runWithFlushes(
          tracker,
          () -> {
            for (ConnectionPool node : client.getClusterNodes().values()) {
              try (Connection c = node.getResource()) {
                new Jedis(c).scriptFlush();
              }
            }
          });
    }
  }

  private static Object trackerClient(RedisBalanceTracker tracker) throws Exception {
    var field = RedisBalanceTracker.class.getDeclaredField("jedis");
    field.setAccessible(true);
    return field.get(tracker);
  }

  private static void runWithFlushes(RedisBalanceTracker tracker, Runnable flush) throws Exception {
    int threads = 4;
    int ops = 400;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<AccountId> accounts = new ArrayList<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      AccountId account = AccountId.of("flush-" + t);
      accounts.add(account);
      futures.add(
          pool.submit(
              () -> {
                for (int i = 0; i < ops; i++) {
                  if (i % 2 == 0) {
                    tracker.fulfill(account, 3, BalanceSettings.NONE);
                  } else {
                    tracker.prepareAll(
                        List.of(PrepareRequest.of(account, 1), PrepareRequest.of(account, 1)));
                  }
                }
                return null;
              }));
    }
    for (int i = 0; i < 10; i++) {
      Thread.sleep(15);
      flush.run();
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS); // any failed operation fails the test here
    }
    pool.shutdown();
    for (AccountId a : accounts) {
      assertThat(tracker.balance(a).clearingBalance()).isEqualTo((ops / 2) * 3 - (ops / 2) * 2);
    }
  }
}
