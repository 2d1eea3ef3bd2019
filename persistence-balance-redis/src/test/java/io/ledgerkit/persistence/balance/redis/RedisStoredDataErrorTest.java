package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.RedisClient;

/**
 * A value in the store that is not what the tracker wrote (a malformed balance, a key of another
 * type) is a data error, not an outage: callers retry on {@link BalanceStoreUnavailableException},
 * and retrying cannot fix stored data. The tracker names the problem and writes nothing.
 */
@DisplayName("Malformed stored data is reported as a data error, not as an unavailable store")
class RedisStoredDataErrorTest {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();

  /**
   * The embedded server (Redis 6.2) as well, even when {@code LEDGERKIT_TEST_REDIS_URL} points the
   * first one at another version: Redis 6 and 7 word the errors of a script differently.
   */
  @RegisterExtension static final TestRedisExtension EMBEDDED = TestRedisExtension.embedded();

  private static TestRedis server(String which) {
    return which.equals("embedded") ? EMBEDDED.redis() : REDIS.redis();
  }

  @ParameterizedTest(name = "{0} server")
  @ValueSource(strings = {"configured", "embedded"})
  @DisplayName("a malformed stored balance fails prepare, fulfill and incoming with a data error")
  void malformedBalance(String which) {
    TestRedis redis = server(which);
    AccountId account = AccountId.of("bad.value");
    byte[] key = new Keys(redis.keyPrefix()).account(account);
    try (RedisClient raw = RedisClient.create(redis.uri());
        RedisBalanceTracker tracker = RedisTrackers.open(redis)) {
      raw.hset(
          key, "c".getBytes(StandardCharsets.US_ASCII), "12x".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> tracker.prepare(account, 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("12x");
      assertThatThrownBy(() -> tracker.fulfill(account, 1, BalanceSettings.NONE))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("12x");
      assertThatThrownBy(() -> tracker.incomingSettlement("bad-1", account, 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("12x");
      assertThat(new String(raw.hget(key, "c".getBytes()), StandardCharsets.US_ASCII))
          .isEqualTo("12x");
    }
  }

  @ParameterizedTest(name = "{0} server")
  @ValueSource(strings = {"configured", "embedded"})
  @DisplayName("an account key of another Redis type fails with a data error naming WRONGTYPE")
  void wrongType(String which) {
    TestRedis redis = server(which);
    AccountId account = AccountId.of("wrong.type");
    byte[] key = new Keys(redis.keyPrefix()).account(account);
    try (RedisClient raw = RedisClient.create(redis.uri());
        RedisBalanceTracker tracker = RedisTrackers.open(redis)) {
      raw.set(key, "not a hash".getBytes(StandardCharsets.US_ASCII));
      assertThatThrownBy(() -> tracker.prepare(account, 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("WRONGTYPE");
      assertThatThrownBy(() -> tracker.balance(account))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("WRONGTYPE");
      assertThat(new String(raw.get(key), StandardCharsets.US_ASCII)).isEqualTo("not a hash");
    }
  }
}
