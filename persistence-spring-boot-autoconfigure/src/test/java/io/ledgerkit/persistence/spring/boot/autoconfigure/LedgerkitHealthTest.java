package io.ledgerkit.persistence.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.ledgerkit.persistence.testkit.EmbeddedRedisServer;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

class LedgerkitHealthTest {

  private static Health health(
      org.springframework.context.ApplicationContext context, String name) {
    return context.getBean(name, HealthIndicator.class).health(true);
  }

  @Test
  void databaseIsUpWhenMigratedOutOfServiceWithPendingChangeSetsDownWhenUnreachable() {
    try (HikariDataSource pool = LedgerkitAutoConfigurationTest.h2Pool()) {
      LedgerkitAutoConfigurationTest.runner()
          .withPropertyValues("ledgerkit.database.run-migration=true")
          .withBean(DataSource.class, () -> pool)
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                Health up = health(context, "ledgerkitDatabaseHealthIndicator");
                assertThat(up.getStatus()).isEqualTo(Status.UP);
                assertThat(up.getDetails())
                    .containsEntry("migrations", "up to date")
                    .containsKey("schemas");
                assertThat((String) up.getDetails().get("database")).startsWith("H2");

                // Another instance's code moved ahead: one change set is not applied here.
                try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                  s.executeUpdate(
                      "DELETE FROM DATABASECHANGELOG WHERE ORDEREXECUTED ="
                          + " (SELECT MAX(ORDEREXECUTED) FROM DATABASECHANGELOG)");
                }
                Health pending = health(context, "ledgerkitDatabaseHealthIndicator");
                assertThat(pending.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
                assertThat(pending.getDetails()).containsEntry("migrations", "pending");
                @SuppressWarnings("unchecked")
                Map<String, List<String>> bySchema =
                    (Map<String, List<String>>) pending.getDetails().get("pending");
                assertThat(bySchema).hasSize(1);
                assertThat(bySchema.values().iterator().next()).hasSize(1);
                assertThat((String) pending.getDetails().get("fix")).contains("run-migration");

                pool.close();
                Health down = health(context, "ledgerkitDatabaseHealthIndicator");
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails()).containsKey("error");
              });
    }
  }

  @Test
  void balanceIsUpOnTheMemoryStore() {
    LedgerkitAutoConfigurationTest.onH2()
        .run(
            context -> {
              Health up = health(context, "ledgerkitBalanceHealthIndicator");
              assertThat(up.getStatus()).isEqualTo(Status.UP);
              assertThat(up.getDetails()).containsEntry("store", "memory");
            });
  }

  @Test
  void balanceIsUpOnARunningRedisAndDownOnceItStops() {
    // A Redis server of this test's own, on a free port: stopping it touches no shared server.
    try (EmbeddedRedisServer redis = EmbeddedRedisServer.start()) {
      LedgerkitAutoConfigurationTest.onH2()
          .withPropertyValues(
              "ledgerkit.balance.store=redis",
              "ledgerkit.balance.redis.url=" + redis.uri(),
              "ledgerkit.balance.redis.key-prefix=health-test:",
              "ledgerkit.balance.holds.expiry.enabled=false")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                Health up = health(context, "ledgerkitBalanceHealthIndicator");
                assertThat(up.getStatus()).isEqualTo(Status.UP);
                assertThat(up.getDetails()).containsEntry("store", "redis");

                redis.stop();
                Health down = health(context, "ledgerkitBalanceHealthIndicator");
                assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                assertThat(down.getDetails()).containsKey("error");
              });
    }
  }

  @Test
  void managementHealthLedgerkitEnabledFalseTurnsBothOff() {
    LedgerkitAutoConfigurationTest.onH2()
        .withPropertyValues("management.health.ledgerkit.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("ledgerkitDatabaseHealthIndicator");
              assertThat(context).doesNotHaveBean("ledgerkitBalanceHealthIndicator");
            });
  }
}
