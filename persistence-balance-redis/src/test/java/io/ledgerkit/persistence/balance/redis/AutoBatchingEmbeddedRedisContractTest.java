package io.ledgerkit.persistence.balance.redis;

import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import io.ledgerkit.persistence.testkit.balance.BalanceTrackerContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName(
    "AutoBatchingBalanceTracker over RedisBalanceTracker on the embedded Redis passes the contract")
class AutoBatchingEmbeddedRedisContractTest extends BalanceTrackerContract {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.embedded();

  @Override
  protected BalanceTracker createTracker() {
    RedisBalanceTracker tracker = RedisTrackers.open(REDIS.redis());
    return AutoBatchingBalanceTracker.configure(tracker)
        .settings(RedisBalanceTracker.AUTO_BATCH_SETTINGS)
        .start();
  }

  /** 16 threads x 1,000 operations (80,000 by default) keep the module's tests near a minute. */
  @Override
  protected int concurrentOperationsPerThread() {
    return 1_000;
  }
}
