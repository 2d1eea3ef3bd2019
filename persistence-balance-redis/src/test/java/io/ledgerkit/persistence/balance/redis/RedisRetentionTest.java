package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * The idempotency retention becomes a key expiry inside the scripts. Redis refuses an expiry it
 * cannot represent only after the script has written, so a retention past that limit must be
 * refused by the builder, not half-applied by a settlement close.
 */
@DisplayName(
    "Idempotency retention: refused when Redis cannot expire that far, applied when it can")
class RedisRetentionTest {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();

  @Test
  @DisplayName("a retention Redis cannot represent is refused by the builder, naming the value")
  void hugeRetentionRefused() {
    for (Duration d :
        new Duration[] {
          Duration.ofMillis(Long.MAX_VALUE - 1_000),
          Duration.ofSeconds(Long.MAX_VALUE),
          RedisBalanceTracker.MAX_IDEMPOTENCY_RETENTION.plusMillis(1)
        }) {
      assertThatThrownBy(() -> RedisBalanceTracker.configure().idempotencyRetention(d))
          .as(d.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(d.toString());
    }
  }

  @Test
  @DisplayName("an operation retention or journal age Redis cannot expire is refused, naming it")
  void hugeOperationRetentionRefused() {
    Duration tooLong = RedisBalanceTracker.MAX_IDEMPOTENCY_RETENTION.plusMillis(1);
    for (Retention r :
        new Retention[] {
          Retention.defaults().withOperations(tooLong),
          Retention.defaults().withOperations(Duration.ofNanos(1)),
          Retention.defaults().withJournalAge(tooLong)
        }) {
      assertThatThrownBy(() -> RedisBalanceTracker.configure().retention(r))
          .as(r.toString())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(
              r.operations().compareTo(tooLong) >= 0 || r.operations().toMillis() < 1
                  ? r.operations().toString()
                  : r.journalAge().toString());
    }
    assertThat(RedisBalanceTracker.configure().retention(Retention.defaults())).isNotNull();
  }

  @Test
  @DisplayName("the longest accepted retention closes a settlement completely and expires it")
  void longestRetentionWorks() {
    TestRedis redis = REDIS.redis();
    AccountId account = AccountId.of("retention.1");
    try (RedisClient raw = RedisClient.create(redis.uri());
        RedisBalanceTracker tracker =
            RedisBalanceTracker.configure()
                .url(RedisTrackers.url(redis))
                .keyPrefix(redis.keyPrefix())
                .idempotencyRetention(RedisBalanceTracker.MAX_IDEMPOTENCY_RETENTION)
                .start()) {
      FulfillResult f = tracker.fulfill(account, 100, BalanceSettings.settleAt(50, 10));
      tracker.settlementFailed(f.settlement().id());
      assertThat(tracker.pendingSettlements(account)).isEmpty();
      assertThat(tracker.balance(account).clearingBalance()).isEqualTo(100);
      byte[] record = new Keys(redis.keyPrefix()).settlement(account, f.settlement().id().key());
      assertThat(raw.pttl(record)).isPositive();
      assertThat(tracker.incomingSettlement("ret-1", account, 5).toPrepaid()).isEqualTo(5);
    }
  }
}
