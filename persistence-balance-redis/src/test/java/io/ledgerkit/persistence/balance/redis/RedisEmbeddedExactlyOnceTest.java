package io.ledgerkit.persistence.balance.redis;

import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName(
    "RedisBalanceTracker on the embedded Redis 6.2: exactly once, as the reference tracker")
class RedisEmbeddedExactlyOnceTest extends RedisExactlyOnceCases {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.embedded();

  @Override
  protected TestRedis server() {
    return REDIS.redis();
  }
}
