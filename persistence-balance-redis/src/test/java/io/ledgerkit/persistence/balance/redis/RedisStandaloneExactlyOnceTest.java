package io.ledgerkit.persistence.balance.redis;

import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("RedisBalanceTracker on the test Redis: exactly once, as the reference tracker")
class RedisStandaloneExactlyOnceTest extends RedisExactlyOnceCases {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();

  @Override
  protected TestRedis server() {
    return REDIS.redis();
  }
}
