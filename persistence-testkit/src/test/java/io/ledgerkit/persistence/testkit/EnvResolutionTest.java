package io.ledgerkit.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When a LEDGERKIT_TEST_*_URL variable is set (as .ci/run does for the services that answer), the
 * extensions use it. Each test runs only when its variable is set: the decision itself is tested
 * for every case in {@link ResolverTest}.
 */
class EnvResolutionTest {
  @RegisterExtension static final TestDatabaseExtension postgres = TestDatabaseExtension.postgres();
  @RegisterExtension static final TestRedisExtension redis = TestRedisExtension.standalone();

  @Test
  @EnabledIfEnvironmentVariable(named = "LEDGERKIT_TEST_POSTGRES_URL", matches = ".+")
  void postgresComesFromTheEnvironment() {
    TestDatabase database = postgres.database();
    assertThat(database.source()).isEqualTo("env LEDGERKIT_TEST_POSTGRES_URL");
    String base = System.getenv("LEDGERKIT_TEST_POSTGRES_URL").strip();
    assertThat(database.jdbcUrl())
        .startsWith(base.contains("?") ? base.substring(0, base.indexOf('?')) : base);
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "LEDGERKIT_TEST_REDIS_URL", matches = ".+")
  void redisComesFromTheEnvironment() {
    TestRedis r = redis.redis();
    assertThat(r.source()).isEqualTo("env LEDGERKIT_TEST_REDIS_URL");
    assertThat(r.uri().toString()).isEqualTo(System.getenv("LEDGERKIT_TEST_REDIS_URL").strip());
    assertThat(r.isCluster()).isFalse();
  }
}
