package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.AutoBatchSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.redis.RedisBalanceTracker;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import io.ledgerkit.persistence.config.BalanceConfig;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.config.RedisBalanceConfig;

/**
 * Registers the Redis store ({@code balance.store=redis}) with {@link java.util.ServiceLoader}: a
 * {@link RedisBalanceTracker} on {@code balance.redis.url} under {@code balance.redis.keyPrefix},
 * owning its client.
 */
public final class RedisBalanceTrackerProvider implements BalanceTrackerProvider {

  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public RedisBalanceTrackerProvider() {}

  @Override
  public String store() {
    return BalanceConfig.REDIS;
  }

  /** The store's recommendation, {@link RedisBalanceTracker#AUTO_BATCH_SETTINGS}. */
  @Override
  public AutoBatchSettings autoBatchSettings() {
    return RedisBalanceTracker.AUTO_BATCH_SETTINGS;
  }

  @Override
  public BalanceTracker create(LedgerkitConfig config) {
    RedisBalanceConfig redis = config.balance().redis();
    RedisBalanceTracker.Builder builder =
        RedisBalanceTracker.configure()
            .url(redis.url())
            .connectTimeout(config.balance().timeouts().redisConnectTimeout())
            .socketTimeout(config.balance().timeouts().redisSocketTimeout());
    if (redis.keyPrefix() != null) {
      builder.keyPrefix(redis.keyPrefix());
    }
    builder.retention(config.balance().retention().toRetention());
    return builder.start();
  }
}
