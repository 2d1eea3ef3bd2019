package io.ledgerkit.persistence.balance.redis;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import io.ledgerkit.persistence.testkit.balance.BalanceTrackerContract;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName(
    "RedisBalanceTracker on a 3-master Redis Cluster passes the balance tracker contract, single and auto-batched")
class RedisClusterContractTest extends BalanceTrackerContract {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.cluster();

  @Override
  protected BalanceTracker createTracker() {
    RedisBalanceTracker tracker = RedisTrackers.open(REDIS.redis());
    return tracker;
  }

  /** 16 threads x 1,000 operations (80,000 by default) keep the module's tests near a minute. */
  @Override
  protected int concurrentOperationsPerThread() {
    return 1_000;
  }

  /** The nested auto-batched run uses the Redis tracker's own batching settings. */
  @Override
  protected BalanceTracker autoBatched(BalanceTracker tracker) {
    return RedisTrackers.autoBatched(tracker);
  }
}
