package io.ledgerkit.persistence.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import io.ledgerkit.persistence.config.TransactionIsolation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings to HikariCP configuration, offline: no pool is opened, no database is needed. */
class PoolsTest {

  private static PoolSettings.Builder postgres() {
    return PoolSettings.configure()
        .url("jdbc:postgresql://db:5432/ledger", "app", "secret")
        .poolName("ledgerkit-test");
  }

  @Test
  void defaultsAreHikariCpsOwn() {
    HikariConfig c = Pools.config(postgres().load());
    assertThat(c.getJdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/ledger");
    assertThat(c.getUsername()).isEqualTo("app");
    assertThat(c.getPassword()).isEqualTo("secret");
    assertThat(c.getSchema()).isNull();
    assertThat(c.getPoolName()).isEqualTo("ledgerkit-test");
    assertThat(c.getMaximumPoolSize()).isEqualTo(10);
    assertThat(c.getMinimumIdle()).isZero();
    assertThat(c.getConnectionTimeout()).isEqualTo(30_000);
    assertThat(c.getValidationTimeout()).isEqualTo(5_000);
    assertThat(c.isAutoCommit()).isTrue();
    assertThat(c.isReadOnly()).isFalse();
    assertThat(c.getTransactionIsolation()).isNull();
    assertThat(c.getInitializationFailTimeout()).isEqualTo(1);
    assertThat(c.getDataSourceProperties()).isEmpty();
    assertThat(c.getMetricsTrackerFactory()).isNull();
  }

  @Test
  void everySettingReachesTheConfiguration() {
    MetricsTrackerFactory metrics = (String name, PoolStats stats) -> null;
    HikariConfig c =
        Pools.config(
            postgres()
                .schema("ledger")
                .size(4, 2)
                .connectionTimeout(Duration.ofSeconds(1))
                .validationTimeout(Duration.ofMillis(500))
                .autoCommit(false)
                .isolation(TransactionIsolation.SERIALIZABLE)
                .readOnly(true)
                .connectAtStart(false)
                .dataSourceProperty("tcpKeepAlive", "true")
                .metricsTrackerFactory(metrics)
                .load());
    assertThat(c.getSchema()).isEqualTo("ledger");
    assertThat(c.getMaximumPoolSize()).isEqualTo(4);
    assertThat(c.getMinimumIdle()).isEqualTo(2);
    assertThat(c.getConnectionTimeout()).isEqualTo(1_000);
    assertThat(c.getValidationTimeout()).isEqualTo(500);
    assertThat(c.isAutoCommit()).isFalse();
    assertThat(c.getTransactionIsolation()).isEqualTo("TRANSACTION_SERIALIZABLE");
    assertThat(c.isReadOnly()).isTrue();
    assertThat(c.getInitializationFailTimeout()).isEqualTo(-1);
    assertThat(c.getDataSourceProperties()).containsEntry("tcpKeepAlive", "true");
    assertThat(c.getMetricsTrackerFactory()).isSameAs(metrics);
  }

  @Test
  void theValidationOfAnIdleConnectionNeverWaitsLongerThanTheConnectionTimeout() {
    HikariConfig c = Pools.config(postgres().connectionTimeout(Duration.ofMillis(300)).load());
    assertThat(c.getValidationTimeout()).isEqualTo(300);
    assertThat(Pools.tightValidationTimeout(Duration.ofMillis(300)))
        .isEqualTo(Duration.ofMillis(250));
    assertThat(Pools.tightValidationTimeout(Duration.ofSeconds(1)))
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void postgresTakesWholeSecondsRoundedUpAndAnApplicationName() {
    HikariConfig c =
        Pools.config(
            postgres()
                .connectTimeout(Duration.ofMillis(500))
                .socketTimeout(Duration.ofMillis(2_500))
                .applicationName("ledgerkit-balance")
                .load());
    assertThat(c.getDataSourceProperties())
        .containsEntry("connectTimeout", "1")
        .containsEntry("loginTimeout", "1")
        .containsEntry("socketTimeout", "3")
        .containsEntry("ApplicationName", "ledgerkit-balance");
  }

  @Test
  void mysqlAndMariaDbTakeMilliseconds() {
    for (String url : new String[] {"jdbc:mysql://db/x", "jdbc:mariadb://db/x"}) {
      HikariConfig c =
          Pools.config(
              PoolSettings.configure()
                  .url(url, "root", "")
                  .poolName("p")
                  .connectTimeout(Duration.ofMillis(500))
                  .socketTimeout(Duration.ofMillis(2_500))
                  .applicationName("ignored")
                  .load());
      assertThat(c.getDataSourceProperties())
          .containsOnly(
              org.assertj.core.api.Assertions.entry("connectTimeout", "500"),
              org.assertj.core.api.Assertions.entry("socketTimeout", "2500"));
    }
  }

  @Test
  void aDriverTimeoutForAnUnknownDriverIsRefusedWithTheFix() {
    PoolSettings h2 =
        PoolSettings.configure()
            .url("jdbc:h2:mem:x;PASSWORD=secret", null, null)
            .poolName("p")
            .connectTimeout(Duration.ofSeconds(1))
            .load();
    assertThatThrownBy(() -> Pools.config(h2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:h2:mem:x;PASSWORD=****")
        .hasMessageContaining("dataSourceProperty(...)")
        .hasMessageNotContaining("secret");
  }

  @Test
  void thePoolNameAndTheDescriptionAreMasked() {
    PoolSettings s =
        PoolSettings.configure()
            .url("jdbc:postgresql://db/x?password=secret", "app", "secret")
            .poolName("pool of jdbc:postgresql://app:secret@db/x")
            .load();
    assertThat(Pools.config(s).getPoolName()).isEqualTo("pool of jdbc:postgresql://app:****@db/x");
    assertThat(s.toString()).doesNotContain("secret").contains("password=****");
  }

  @Test
  void badValuesAreRefusedNamingTheValueAndTheFix() {
    assertThatThrownBy(() -> postgres().size(0, 0).load())
        .hasMessage("maximum pool size 0 is not positive; give 1 or more connections");
    assertThatThrownBy(() -> postgres().size(2, 3).load())
        .hasMessage(
            "minimum idle 3 is outside 0 to the maximum pool size 2; give a value in that range");
    assertThatThrownBy(() -> postgres().connectionTimeout(Duration.ofMillis(100)).load())
        .hasMessage(
            "connectionTimeout PT0.1S is below HikariCP's minimum of 250 ms; give 250 ms or more");
    assertThatThrownBy(
            () ->
                postgres()
                    .connectionTimeout(Duration.ofSeconds(1))
                    .validationTimeout(Duration.ofSeconds(2))
                    .load())
        .hasMessageContaining("validationTimeout PT2S is longer than connectionTimeout PT1S");
    assertThatThrownBy(() -> postgres().socketTimeout(Duration.ZERO).load())
        .hasMessageContaining("socketTimeout PT0S is not positive");
    assertThatThrownBy(() -> postgres().poolName(" ").load())
        .hasMessageContaining("has no name; give poolName(...)");
    assertThatThrownBy(
            () ->
                PoolSettings.configure()
                    .url("postgresql://app:secret@db/x", null, null)
                    .poolName("p")
                    .load())
        .hasMessage(
            "JDBC URL 'postgresql://app:****@db/x' must start with jdbc:, e.g."
                + " jdbc:postgresql://host/db");
  }
}
