package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * Auto-batching over Redis with one malformed account among healthy concurrent callers: the data
 * error reaches the bad account's caller only; every healthy caller gets its own success, and
 * exactly what they were told was applied is applied.
 */
@DisplayName("Auto-batched Redis: one account's bad data stays with its own caller")
class RedisAutoBatchDataErrorTest {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();
  @RegisterExtension static final TestRedisExtension EMBEDDED = TestRedisExtension.embedded();
  @RegisterExtension static final TestRedisExtension CLUSTER = TestRedisExtension.cluster();

  private static TestRedis server(String which) {
    return switch (which) {
      case "embedded" -> EMBEDDED.redis();
      case "cluster" -> CLUSTER.redis();
      default -> REDIS.redis();
    };
  }

  @ParameterizedTest(name = "{0} server")
  @ValueSource(strings = {"configured", "embedded", "cluster"})
  @DisplayName("healthy callers succeed and are applied once; the bad account's caller alone fails")
  void dataErrorStaysWithItsCaller(String which) throws Exception {
    TestRedis redis = server(which);
    AccountId bad = AccountId.of("bad.batch");
    int healthy = 8;
    int each = 40;
    try (UnifiedJedis raw = RedisTrackers.raw(redis);
        BalanceTracker t =
            AutoBatchingBalanceTracker.configure(RedisTrackers.open(redis)).start()) {
      raw.hset(
          new Keys(redis.keyPrefix()).account(bad),
          "c".getBytes(StandardCharsets.US_ASCII),
          "12x".getBytes(StandardCharsets.US_ASCII));
      ExecutorService pool = Executors.newFixedThreadPool(healthy + 1);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> workers = new ArrayList<>();
        for (int w = 0; w <= healthy; w++) {
          AccountId own = w == 0 ? bad : AccountId.of("healthy-" + w);
          boolean isBad = w == 0;
          workers.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int n = 0; n < each; n++) {
                      try {
                        t.prepare(own, 1);
                        if (isBad) {
                          return "the bad account's prepare succeeded";
                        }
                      } catch (RuntimeException e) {
                        if (!isBad) {
                          return "healthy " + own + " got " + e;
                        }
                        if (!(e instanceof IllegalStateException)) {
                          return "bad account got " + e;
                        }
                      }
                    }
                    return "ok";
                  }));
        }
        start.countDown();
        for (Future<String> f : workers) {
          assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo("ok");
        }
      } finally {
        pool.shutdownNow();
      }
      for (int w = 1; w <= healthy; w++) {
        AccountId own = AccountId.of("healthy-" + w);
        assertThat(t.balance(own)).isEqualTo(new AccountBalance(own, -each, 0));
      }
      assertThat(
              new String(
                  raw.hget(
                      new Keys(redis.keyPrefix()).account(bad),
                      "c".getBytes(StandardCharsets.US_ASCII)),
                  StandardCharsets.US_ASCII))
          .isEqualTo("12x");
    }
  }
}
