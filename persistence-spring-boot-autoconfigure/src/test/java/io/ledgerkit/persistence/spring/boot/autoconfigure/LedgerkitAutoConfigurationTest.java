package io.ledgerkit.persistence.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.config.ConfigSource;
import io.ledgerkit.persistence.config.InvalidConfigurationException;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.Vault;
import io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity;
import io.ledgerkit.persistence.jpa.repositories.AccountSettingsRepository;
import io.ledgerkit.persistence.jpa.repositories.RuntimeConfigRepository;
import io.ledgerkit.persistence.jpa.repositories.StaticRouteRepository;
import io.ledgerkit.persistence.micrometer.LedgerkitMetrics;
import io.ledgerkit.persistence.micrometer.MeteredBalanceTracker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class LedgerkitAutoConfigurationTest {

  static String memUrl() {
    return "jdbc:h2:mem:boot-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                LedgerkitAutoConfiguration.class,
                LedgerkitHealthAutoConfiguration.class,
                LedgerkitMetricsAutoConfiguration.class));
  }

  static ApplicationContextRunner onH2() {
    return runner()
        .withPropertyValues(
            "ledgerkit.database.url=" + memUrl(), "ledgerkit.database.run-migration=true");
  }

  @Test
  void startsEveryPartOnH2FromTheProperties() {
    onH2()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Ledgerkit ledgerkit = context.getBean(Ledgerkit.class);
              assertThat(context.getBean(LedgerkitConfig.class)).isSameAs(ledgerkit.config());
              assertThat(context.getBean(PersistenceDatabase.class)).isSameAs(ledgerkit.database());
              assertThat(context.getBean(Vault.class)).isSameAs(ledgerkit.vault());
              assertThat(context.getBean(AccountSettingsRepository.class))
                  .isSameAs(ledgerkit.accountSettings());
              assertThat(context.getBean(StaticRouteRepository.class))
                  .isSameAs(ledgerkit.staticRoutes());
              assertThat(context.getBean(RuntimeConfigRepository.class))
                  .isSameAs(ledgerkit.runtimeConfig());
              assertThat(context.getBean(BalanceTracker.class))
                  .isSameAs(ledgerkit.balanceTracker())
                  .isInstanceOf(InMemoryBalanceTracker.class);
              assertThat(ledgerkit.usesExternalDataSource()).isFalse();
              assertThat(context).doesNotHaveBean(LedgerkitMetrics.class);

              AccountId alice = AccountId.of("alice");
              ledgerkit
                  .accountSettings()
                  .save(
                      AccountSettingsEntity.of(
                          alice, "USD", 2, null, BalanceSettings.NONE, Map.of()));
              assertThat(ledgerkit.accountSettings().findByAccountId(alice)).isPresent();
              ledgerkit.balanceTracker().fulfill(alice, 250, BalanceSettings.NONE);
              assertThat(context.getBean(BalanceTracker.class).balance(alice))
                  .isEqualTo(new AccountBalance(alice, 250, 0));
            });
  }

  @Test
  void readsKebabCaseCamelCaseAndTheLibrarysOwnKeys() {
    runner()
        .withPropertyValues(
            "ledgerkit.database.url=" + memUrl(),
            "ledgerkit.database.runMigration=true",
            "ledgerkit.database.pool.maximum-size=3",
            "ledgerkit.balance.holds.expiry.enabled=false",
            "ledgerkit.schemas.connector-schema.table-prefix=boot_")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              LedgerkitConfig config = context.getBean(LedgerkitConfig.class);
              assertThat(config.database().runMigration()).isTrue();
              assertThat(config.database().pool().maximumSize()).isEqualTo(3);
              assertThat(config.source("database.pool.maximumSize")).isEqualTo(ConfigSource.FILE);
              assertThat(config.balance().holdExpiry().enabled()).isFalse();
              assertThat(config.toProperties())
                  .containsEntry("schemas.CONNECTOR_SCHEMA.tablePrefix", "boot_");
              Ledgerkit ledgerkit = context.getBean(Ledgerkit.class);
              assertThat(((HikariDataSource) ledgerkit.dataSource()).getMaximumPoolSize())
                  .isEqualTo(3);
              assertThat(ledgerkit.holdExpiry()).isEmpty();
            });
  }

  @Test
  void aBadPropertyFailsTheStartWithTheLibrarysMessageNamingEveryKey() {
    runner()
        .withPropertyValues(
            "ledgerkit.database.url=" + memUrl(),
            "ledgerkit.database.pool.maximum-size=0",
            "ledgerkit.balance.stor=redis")
        .run(
            context -> {
              assertThat(context).hasFailed();
              Throwable failure = context.getStartupFailure();
              InvalidConfigurationException invalid = rootCause(failure);
              assertThat(invalid.problems()).hasSize(2);
              assertThat(invalid.getMessage())
                  .contains("Invalid Ledgerkit configuration (2 problems)")
                  .contains("database.pool.maximumSize = \"0\"")
                  .contains("Spring property ledgerkit.database.pool.maximum-size")
                  .contains("balance.stor")
                  .contains("Spring property ledgerkit.balance.stor");
              FailureAnalysis analysis = new LedgerkitFailureAnalyzer().analyze(failure);
              assertThat(analysis.getDescription()).isEqualTo(invalid.getMessage());
              assertThat(analysis.getAction()).contains("docs/configuration.md");
            });
  }

  private static InvalidConfigurationException rootCause(Throwable failure) {
    Throwable t = failure;
    while (t != null && !(t instanceof InvalidConfigurationException)) {
      t = t.getCause();
    }
    assertThat(t).as("an InvalidConfigurationException in %s", failure).isNotNull();
    return (InvalidConfigurationException) t;
  }

  @Test
  void beansBackOffWhenTheApplicationDefinesItsOwn() {
    LedgerkitConfig own =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl(memUrl())
            .runMigration(true)
            .load();
    BalanceTracker tracker = InMemoryBalanceTracker.configure().start();
    runner()
        .withPropertyValues("ledgerkit.database.url=jdbc:h2:mem:not-used")
        .withBean(LedgerkitConfig.class, () -> own)
        .withBean("myTracker", BalanceTracker.class, () -> tracker)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(LedgerkitConfig.class)).isSameAs(own);
              assertThat(context.getBean(Ledgerkit.class).config()).isSameAs(own);
              assertThat(context).getBeans(BalanceTracker.class).containsOnlyKeys("myTracker");
              assertThat(context.getBean(LedgerkitBalanceHealthIndicator.class)).isNotNull();
            });
    try (Ledgerkit mine = Ledgerkit.start(own)) {
      runner()
          .withBean(Ledgerkit.class, () -> mine)
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context).getBeans(Ledgerkit.class).hasSize(1);
                assertThat(context.getBean(Ledgerkit.class)).isSameAs(mine);
                assertThat(context.getBean(PersistenceDatabase.class)).isSameAs(mine.database());
                assertThat(context.getBean(BalanceTracker.class)).isSameAs(mine.balanceTracker());
              });
    }
  }

  @Test
  void runsOnTheApplicationsDataSourceAndLeavesItOpen() {
    try (HikariDataSource pool = h2Pool()) {
      runner()
          .withPropertyValues("ledgerkit.database.run-migration=true")
          .withBean(DataSource.class, () -> pool)
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                Ledgerkit ledgerkit = context.getBean(Ledgerkit.class);
                assertThat(ledgerkit.usesExternalDataSource()).isTrue();
                assertThat(ledgerkit.dataSource()).isSameAs(pool);
                assertThat(ledgerkit.database().dataSource()).isSameAs(pool);
                ledgerkit.close();
                assertThat(pool.isClosed()).isFalse();
              });
    }
  }

  @Test
  void ledgerkitDatabaseUrlWinsOverTheApplicationsDataSource() {
    try (HikariDataSource pool = h2Pool()) {
      onH2()
          .withBean(DataSource.class, () -> pool)
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                Ledgerkit ledgerkit = context.getBean(Ledgerkit.class);
                assertThat(ledgerkit.usesExternalDataSource()).isFalse();
                assertThat(ledgerkit.dataSource()).isNotSameAs(pool);
              });
    }
  }

  static HikariDataSource h2Pool() {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(memUrl());
    pool.setUsername("sa");
    pool.setPassword("");
    return pool;
  }

  @Test
  void bindsMetricsWhenTheApplicationHasAMeterRegistry() {
    onH2()
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(LedgerkitMetrics.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              BalanceTracker tracker = context.getBean(BalanceTracker.class);
              assertThat(tracker).isInstanceOf(MeteredBalanceTracker.class);
              tracker.fulfill(AccountId.of("carol"), 10, BalanceSettings.NONE);
              assertThat(
                      registry
                          .get("ledgerkit.balance.operations")
                          .tags("store", "memory", "operation", "fulfill")
                          .counter()
                          .count())
                  .isEqualTo(1.0);
              assertThat(
                      registry
                          .get("ledgerkit.migrations.applied")
                          .tag("database", "main")
                          .gauge()
                          .value())
                  .isPositive();
              assertThat(registry.find("hikaricp.connections").gauges()).isNotEmpty();
            });
  }
}
