package io.ledgerkit.examples.springboot;

import io.ledgerkit.persistence.testkit.EmbeddedRedisServer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as it starts with {@code ledgerkit.balance.store=redis}: on the in-memory H2
 * database of {@code application.properties}, or, when {@code LEDGERKIT_TEST_POSTGRES_URL} is set,
 * on that PostgreSQL (in a schema of its own, dropped afterwards, through {@code
 * ledgerkit.database.url}); on the Redis of {@code LEDGERKIT_TEST_REDIS_URL} (under a key prefix
 * of its own), or else on the testkit's embedded Redis, started for this test.
 */
@SpringBootTest
class LedgerApplicationTest {

  static final String POSTGRES = System.getenv("LEDGERKIT_TEST_POSTGRES_URL");
  static final EmbeddedRedisServer EMBEDDED_REDIS =
      System.getenv("LEDGERKIT_TEST_REDIS_URL") == null ? EmbeddedRedisServer.start() : null;
  static final String REDIS =
      EMBEDDED_REDIS == null
          ? System.getenv("LEDGERKIT_TEST_REDIS_URL")
          : EMBEDDED_REDIS.uri().toString();
  static final String SCHEMA =
      "boot_example_" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT);

  @DynamicPropertySource
  static void services(DynamicPropertyRegistry registry) throws Exception {
    if (POSTGRES != null) {
      try (Connection c = DriverManager.getConnection(POSTGRES);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + SCHEMA);
      }
      registry.add("ledgerkit.database.url", () -> POSTGRES);
      registry.add("ledgerkit.database.schema", () -> SCHEMA);
    }
    registry.add("ledgerkit.balance.store", () -> "redis");
    registry.add("ledgerkit.balance.redis.url", () -> REDIS);
    registry.add("ledgerkit.balance.redis.key-prefix", () -> "example-" + SCHEMA + ":");
  }

  @AfterAll
  static void dropSchemaAndStopRedis() throws Exception {
    if (EMBEDDED_REDIS != null) {
      EMBEDDED_REDIS.close();
    }
    if (POSTGRES != null) {
      try (Connection c = DriverManager.getConnection(POSTGRES);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
      }
    }
  }

  @Autowired IouLedger ledger;
  @Autowired Ledgerkit ledgerkit;
  @Autowired HealthEndpoint health;
  @Autowired MetricsEndpoint metrics;
  @Autowired MeterRegistry registry;

  @Test
  void startsMigratedOnTheConfiguredStores() {
    String url = ledgerkit.config().database().url();
    assertThat(url).startsWith(POSTGRES != null ? "jdbc:postgresql:" : "jdbc:h2:mem:");
    assertThat(ledgerkit.config().balance().store()).isEqualTo("redis");
    assertThat(ledgerkit.database().migrationStartup())
        .hasValueSatisfying(r -> assertThat(r.migrated()).isTrue());
  }

  @Test
  void recordsAStateAndTracksABalance() {
    int before = ledger.unconsumed().size();
    ledger.record(LedgerApplication.BANK, LedgerApplication.SHOP, 10_000);
    assertThat(ledger.unconsumed()).hasSize(before + 1);

    AccountId alice = AccountId.of("alice-" + UUID.randomUUID());
    AccountId bob = AccountId.of("bob-" + UUID.randomUUID());
    ledger.pay(alice, bob, 250);
    assertThat(ledger.netBalance(alice)).isEqualTo(-250);
    assertThat(ledger.netBalance(bob)).isEqualTo(250);
  }

  @Test
  void showsBothHealthIndicatorsUp() {
    HealthDescriptor all = health.health();
    assertThat(all.getStatus()).isEqualTo(Status.UP);
    assertThat(health.healthForPath("ledgerkitDatabase").getStatus()).isEqualTo(Status.UP);
    assertThat(health.healthForPath("ledgerkitBalance").getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void exposesTheMetrics() {
    ledger.pay(AccountId.of("carol"), AccountId.of("dave"), 5);
    assertThat(metrics.listNames().getNames())
        .contains(
            "ledgerkit.balance.operations",
            "ledgerkit.balance.latency",
            "ledgerkit.migrations.applied",
            "hikaricp.connections");
    assertThat(registry.get("ledgerkit.balance.operations").tag("operation", "fulfill").counter().count())
        .isPositive();
  }
}
