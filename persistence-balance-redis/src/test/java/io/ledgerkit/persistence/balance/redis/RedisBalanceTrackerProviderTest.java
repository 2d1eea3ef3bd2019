package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("balance.store=redis creates a RedisBalanceTracker from the configuration")
class RedisBalanceTrackerProviderTest {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();

  @Test
  @DisplayName("the provider is found by the ServiceLoader and honours url, key prefix, autoBatch")
  void fromConfiguration() {
    TestRedis redis = REDIS.redis();
    ClassLoader loader = getClass().getClassLoader();
    LedgerkitConfig.Builder config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .set("balance.store", "redis")
            .set("balance.redis.url", RedisTrackers.url(redis))
            .set("balance.redis.keyPrefix", redis.keyPrefix());
    AccountId alice = AccountId.of("alice");
    try (BalanceTracker tracker = BalanceTrackerProvider.createTracker(config.load(), loader)) {
      assertThat(tracker).isInstanceOf(RedisBalanceTracker.class);
      assertThat(((RedisBalanceTracker) tracker).keyPrefix()).isEqualTo(redis.keyPrefix());
      tracker.fulfill(alice, 7, BalanceSettings.NONE);
    }
    config.set("balance.autoBatch", "true");
    try (BalanceTracker tracker = BalanceTrackerProvider.createTracker(config.load(), loader)) {
      assertThat(tracker).isInstanceOf(AutoBatchingBalanceTracker.class);
      assertThat(((AutoBatchingBalanceTracker) tracker).settings())
          .isEqualTo(RedisBalanceTracker.AUTO_BATCH_SETTINGS);
      assertThat(tracker.balance(alice).clearingBalance()).isEqualTo(7);
    }
  }
}
