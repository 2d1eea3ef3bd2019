package io.ledgerkit.persistence.balance.redis;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import io.ledgerkit.persistence.testkit.balance.BalanceTrackerContract;
import io.ledgerkit.persistence.testkit.internal.EmbeddedTwin;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(EmbeddedTwin.Redis.class)
@DisplayName(
    "RedisBalanceTracker on the Redis of LEDGERKIT_TEST_REDIS_URL passes"
        + " the balance tracker contract, single and auto-batched")
class RedisBalanceTrackerContractTest extends BalanceTrackerContract {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();

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
