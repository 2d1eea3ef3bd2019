package io.ledgerkit.persistence.testkit.docs;

// tag::test-redis[]
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

class RedisCounterTest {
  @RegisterExtension static final TestRedisExtension redis = TestRedisExtension.standalone();

  @Test
  void counts(TestRedis r) { // or redis.redis()
    try (RedisClient client = RedisClient.create(r.uri())) {
      client.incr(r.keyPrefix() + "counter");
      assertThat(client.get(r.keyPrefix() + "counter")).isEqualTo("1");
    }
  }
}
// end::test-redis[]
