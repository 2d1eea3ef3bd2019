package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.SetParams;

/**
 * An incoming settlement first claims its key (key to account and amount), then applies on the
 * account. A tracker that crashed between the two steps leaves a claim whose clock started before
 * the apply. While the account still remembers the key, the claim must still bind it: otherwise the
 * same key could be applied on a second account.
 */
@DisplayName("Incoming settlements: a key stays bound as long as its applied result is remembered")
class RedisIncomingRetentionTest {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();

  @Test
  @DisplayName("a claim left by a crash before the apply does not expire before the apply's record")
  void claimOutlivesRecord() throws Exception {
    TestRedis redis = REDIS.redis();
    AccountId first = AccountId.of("in.first");
    AccountId second = AccountId.of("in.second");
    Keys keys = new Keys(redis.keyPrefix());
    try (RedisClient raw = RedisClient.create(redis.uri());
        RedisBalanceTracker tracker =
            RedisBalanceTracker.configure()
                .url(RedisTrackers.url(redis))
                .keyPrefix(redis.keyPrefix())
                .idempotencyRetention(Duration.ofSeconds(1))
                .start()) {
      // a tracker claimed key k for (first, 5) and crashed before applying it
      raw.set(
          keys.claim("k"),
          "in.first 5".getBytes(StandardCharsets.US_ASCII),
          SetParams.setParams().px(1_000));
      Thread.sleep(700);
      // the caller retries: the claim matches, the settlement is applied now
      assertThat(tracker.incomingSettlement("k", first, 5).toPrepaid()).isEqualTo(5);
      Thread.sleep(500); // the first claim would have expired by now; the record has not
      assertThat(raw.exists(keys.incoming(first, "k"))).as("the account remembers k").isTrue();
      assertThatThrownBy(() -> tracker.incomingSettlement("k", second, 5))
          .isInstanceOf(SettlementConflictException.class);
      assertThat(tracker.balance(second).prepaidAmount()).isZero();
    }
  }
}
