package io.ledgerkit.persistence.spring.boot.autoconfigure;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The health indicators {@code ledgerkitDatabase} ({@link LedgerkitDatabaseHealthIndicator}) and
 * {@code ledgerkitBalance} ({@link LedgerkitBalanceHealthIndicator}), when Spring Boot's health
 * support ({@code spring-boot-health}, which the actuator brings) is present. {@code
 * management.health.ledgerkit.enabled=false} turns both off; a bean of the same name replaces one.
 */
@AutoConfiguration(after = LedgerkitAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnEnabledHealthIndicator("ledgerkit")
public final class LedgerkitHealthAutoConfiguration {

  /** Created by Spring. */
  public LedgerkitHealthAutoConfiguration() {}

  /**
   * The database indicator: UP when the database answers and no migration is pending.
   *
   * @param database the database
   * @return the indicator
   */
  @Bean
  @ConditionalOnBean(PersistenceDatabase.class)
  @ConditionalOnMissingBean(name = "ledgerkitDatabaseHealthIndicator")
  public LedgerkitDatabaseHealthIndicator ledgerkitDatabaseHealthIndicator(
      PersistenceDatabase database) {
    return new LedgerkitDatabaseHealthIndicator(database);
  }

  /**
   * The balance store indicator: UP when the store answers a read.
   *
   * @param tracker the balance tracker
   * @param config the configuration (for the store's name)
   * @return the indicator
   */
  @Bean
  @ConditionalOnBean({BalanceTracker.class, LedgerkitConfig.class})
  @ConditionalOnMissingBean(name = "ledgerkitBalanceHealthIndicator")
  public LedgerkitBalanceHealthIndicator ledgerkitBalanceHealthIndicator(
      BalanceTracker tracker, LedgerkitConfig config) {
    return new LedgerkitBalanceHealthIndicator(tracker, config.balance().store());
  }
}
