package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A reply lost to a socket timeout on a cluster must not make the client send the script again: a
 * prepare is not idempotent, so a resent EVALSHA would take the amount twice behind one success.
 */
@DisplayName("Redis Cluster: a timed-out script call is not resent (no double-applied prepare)")
class RedisClusterTimeoutTest {
  @RegisterExtension static final TestRedisExtension CLUSTER = TestRedisExtension.cluster();

  /** Keeps a node busy (one Lua script spinning) for about the given time. */
  private static final String SPIN =
      "local t = redis.call('TIME') local s = t[1] * 1000000 + t[2] "
          + "while true do local n = redis.call('TIME') "
          + "if n[1] * 1000000 + n[2] - s > tonumber(ARGV[1]) then break end end return 1";

  @Test
  @DisplayName("a prepare whose reply timed out is applied at most once")
  void timedOutPrepareAppliedAtMostOnce() throws Exception {
    TestRedis redis = CLUSTER.redis();
    AccountId account = AccountId.of("timeout.1");
    try (RedisBalanceTracker tracker =
        RedisBalanceTracker.configure()
            .url(RedisTrackers.url(redis))
            .keyPrefix(redis.keyPrefix())
            .socketTimeout(Duration.ofMillis(200))
            .start()) {
      tracker.prepare(account, 1); // warms the slot cache and the pool
      // block every node for 0.8 s so the prepare's reply times out while the command is queued
      List<Thread> spinners = new ArrayList<>();
      CountDownLatch started = new CountDownLatch(redis.nodes().size());
      for (InetSocketAddress node : redis.nodes()) {
        Thread t =
            new Thread(
                () -> {
                  try (Jedis j =
                      new Jedis(
                          new HostAndPort(node.getHostString(), node.getPort()),
                          DefaultJedisClientConfig.builder().socketTimeoutMillis(10_000).build())) {
                    j.ping();
                    started.countDown();
                    j.eval(SPIN, 0, "800000");
                  }
                });
        t.start();
        spinners.add(t);
      }
      started.await();
      Thread.sleep(50);
      boolean acknowledged;
      try {
        tracker.prepare(account, 10);
        acknowledged = true;
      } catch (BalanceStoreUnavailableException e) {
        acknowledged = false;
      }
      for (Thread t : spinners) {
        t.join();
      }
      Thread.sleep(300); // let every queued command run
      long clearing = tracker.balance(account).clearingBalance();
      if (acknowledged) {
        assertThat(clearing).as("an acknowledged prepare of 10 is applied once").isEqualTo(-11);
      } else {
        assertThat(clearing).as("a prepare in doubt is applied at most once").isIn(-1L, -11L);
      }
    }
  }
}
