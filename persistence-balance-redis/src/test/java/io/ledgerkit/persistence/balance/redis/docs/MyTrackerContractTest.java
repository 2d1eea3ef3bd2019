package io.ledgerkit.persistence.balance.redis.docs;

// tag::contract[]
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.redis.RedisBalanceTracker;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import io.ledgerkit.persistence.testkit.balance.BalanceTrackerContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class MyTrackerContractTest extends BalanceTrackerContract {
  @RegisterExtension static final TestRedisExtension redis = TestRedisExtension.standalone();

  @Override
  protected BalanceTracker createTracker() {
    return RedisBalanceTracker.configure()
        .url(redis.redis().uri().toString())
        .keyPrefix(redis.redis().keyPrefix())
        .start(); // the contract closes it after the test
  }

  @Override
  protected int concurrentOperationsPerThread() {
    return 1_000; // 16 threads x 1,000 mixed operations instead of x 5,000
  }
}
// end::contract[]
