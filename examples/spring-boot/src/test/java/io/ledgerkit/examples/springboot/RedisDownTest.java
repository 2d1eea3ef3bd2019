package io.ledgerkit.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.testkit.EmbeddedRedisServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The testkit recipe: a real Redis server of the test's own (the testkit's embedded one, on a free
 * port) handed to the application through {@code @DynamicPropertySource}. Stopping it turns {@code
 * ledgerkitBalance}, and so the application's health, DOWN; no shared server is touched.
 */
@SpringBootTest
class RedisDownTest {

  static final EmbeddedRedisServer REDIS = EmbeddedRedisServer.start();

  @DynamicPropertySource
  static void redis(DynamicPropertyRegistry registry) {
    registry.add("ledgerkit.balance.store", () -> "redis");
    registry.add("ledgerkit.balance.redis.url", () -> REDIS.uri().toString());
  }

  @AfterAll
  static void stopRedis() {
    REDIS.close();
  }

  @Autowired HealthEndpoint health;

  @Test
  void balanceHealthIsDownOnceItsRedisStops() {
    assertThat(health.healthForPath("ledgerkitBalance").getStatus()).isEqualTo(Status.UP);
    REDIS.stop();
    assertThat(health.healthForPath("ledgerkitBalance").getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.healthForPath("ledgerkitDatabase").getStatus()).isEqualTo(Status.UP);
    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
  }
}
