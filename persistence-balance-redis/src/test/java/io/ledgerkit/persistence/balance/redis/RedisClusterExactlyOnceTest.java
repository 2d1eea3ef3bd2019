package io.ledgerkit.persistence.balance.redis;

import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName(
    "RedisBalanceTracker on the 3-master Redis Cluster: exactly once, as the reference tracker")
class RedisClusterExactlyOnceTest extends RedisExactlyOnceCases {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.cluster();

  @Override
  protected TestRedis server() {
    return REDIS.redis();
  }
}
