package io.ledgerkit.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * Each test gets its own key prefix on the (possibly shared) Redis: the second test does not see
 * the first's keys, which are deleted after the first test.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisIsolationTest {
  @RegisterExtension static final TestRedisExtension redis = TestRedisExtension.standalone();

  private static String firstPrefix;

  @Test
  @Order(1)
  void firstTestWritesAKey(TestRedis r) {
    assertThat(r.keyPrefix()).matches("lkt:[0-9a-f]{8}:");
    assertThat(r.nodes()).hasSize(1);
    firstPrefix = r.keyPrefix();
    try (RedisClient client = RedisClient.create(r.uri())) {
      client.set(r.keyPrefix() + "balance", "100");
      client.hset(r.keyPrefix() + "account", "min", "-5");
      assertThat(client.get(r.keyPrefix() + "balance")).isEqualTo("100");
    }
  }

  @Test
  @Order(2)
  void secondTestDoesNotSeeIt(TestRedis r) {
    assertThat(r.keyPrefix()).isNotEqualTo(firstPrefix);
    try (RedisClient client = RedisClient.create(r.uri())) {
      assertThat(client.get(r.keyPrefix() + "balance")).isNull();
      assertThat(client.exists(firstPrefix + "balance")).as("first test's key deleted").isFalse();
      assertThat(client.exists(firstPrefix + "account")).as("first test's key deleted").isFalse();
    }
  }
}
