package io.ledgerkit.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** The embedded redis-server (binary from Maven) answers commands, and can be stopped/restarted. */
class EmbeddedRedisTest {
  @RegisterExtension static final TestRedisExtension redis = TestRedisExtension.embedded();

  @Test
  void runsACommandOnTheEmbeddedServer(TestRedis r) {
    assertThat(r.source()).matches("embedded Redis [0-9.]+ on port \\d+");
    assertThat(r.uri().getHost()).isEqualTo("127.0.0.1");
    try (RedisClient client = RedisClient.create(r.uri())) {
      assertThat(client.incrBy(r.keyPrefix() + "counter", 41)).isEqualTo(41);
      assertThat(client.incr(r.keyPrefix() + "counter")).isEqualTo(42);
    }
  }

  @Test
  void aPrivateServerStopsAndRestartsOnTheSamePort() {
    try (EmbeddedRedisServer server = EmbeddedRedisServer.start()) {
      int port = server.port();
      try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
        assertThat(jedis.set("k", "v")).isEqualTo("OK");
      }
      server.stop();
      assertThat(server.isRunning()).isFalse();
      assertThatThrownBy(
              () -> {
                try (Jedis jedis = new Jedis("127.0.0.1", port, 500)) {
                  jedis.ping();
                }
              })
          .isInstanceOf(JedisConnectionException.class);
      server.restart();
      assertThat(server.port()).isEqualTo(port);
      try (Jedis jedis = new Jedis("127.0.0.1", port, 2000)) {
        assertThat(jedis.ping()).isEqualTo("PONG");
        assertThat(jedis.get("k")).as("no persistence: data is gone").isNull();
      }
    }
  }
}
