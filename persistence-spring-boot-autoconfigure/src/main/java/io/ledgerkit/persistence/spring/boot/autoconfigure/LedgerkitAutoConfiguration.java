package io.ledgerkit.persistence.spring.boot.autoconfigure;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.config.ConfigKeys;
import io.ledgerkit.persistence.config.ConfigSource;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.identity.IdentityService;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.Vault;
import io.ledgerkit.persistence.jpa.repositories.AccountSettingsRepository;
import io.ledgerkit.persistence.jpa.repositories.RuntimeConfigRepository;
import io.ledgerkit.persistence.jpa.repositories.StaticRouteRepository;
import io.ledgerkit.persistence.spring.boot.autoconfigure.internal.SpringLedgerkitConfig;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * The {@link Ledgerkit} handle and its parts as beans, each backing off when the application
 * defines a bean of its type.
 *
 * <ul>
 *   <li>{@link LedgerkitConfig} from the {@code ledgerkit.*} properties and the {@code LEDGERKIT_*}
 *       environment variables, validated by the library (every problem in one message);
 *   <li>{@link Ledgerkit}, started from it on the application's {@link DataSource} when there is
 *       exactly one and {@code ledgerkit.database.url} is not set (the handle then leaves the pool
 *       to its owner), otherwise on its own pool; closed with the context;
 *   <li>{@link PersistenceDatabase}, {@link Vault}, {@link AccountSettingsRepository}, {@link
 *       StaticRouteRepository}, {@link RuntimeConfigRepository} and {@link BalanceTracker}: the
 *       handle's.
 * </ul>
 *
 * <p>{@link LedgerkitCustomizer} beans adjust the handle before it starts; an {@link
 * IdentityService} bean resolves parties.
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(Ledgerkit.class)
public final class LedgerkitAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(LedgerkitAutoConfiguration.class);

  /** Created by Spring. */
  public LedgerkitAutoConfiguration() {}

  /**
   * The configuration from the {@code ledgerkit.*} properties.
   *
   * @param environment the application's environment
   * @param resourceLoader the application's resource loader (for its class loader)
   * @return the validated configuration
   * @throws io.ledgerkit.persistence.config.InvalidConfigurationException listing every problem
   */
  @Bean
  @ConditionalOnMissingBean
  public LedgerkitConfig ledgerkitConfig(Environment environment, ResourceLoader resourceLoader) {
    return SpringLedgerkitConfig.load(environment, resourceLoader.getClassLoader());
  }

  /**
   * The running handle, closed with the context.
   *
   * @param config the configuration
   * @param dataSources the application's data source, when it has exactly one
   * @param identityServices the application's identity service, when it has one
   * @param customizers the customizers, in order
   * @return the running handle
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Ledgerkit ledgerkit(
      LedgerkitConfig config,
      ObjectProvider<DataSource> dataSources,
      ObjectProvider<IdentityService> identityServices,
      ObjectProvider<LedgerkitCustomizer> customizers) {
    Ledgerkit.Builder builder = Ledgerkit.configure(config);
    DataSource dataSource = dataSources.getIfUnique();
    if (dataSource != null) {
      if (config.source(ConfigKeys.DATABASE_URL) == ConfigSource.DEFAULT) {
        builder.dataSource(dataSource);
      } else {
        LOG.info(
            "Ledgerkit uses its own pool on ledgerkit.database.url, not the application's"
                + " DataSource: unset ledgerkit.database.url to share the application's");
      }
    }
    identityServices.ifUnique(builder::identityService);
    List<LedgerkitCustomizer> all = customizers.orderedStream().toList();
    all.forEach(c -> c.customize(builder));
    Ledgerkit ledgerkit = builder.start();
    try {
      all.forEach(c -> c.started(ledgerkit));
    } catch (RuntimeException | Error e) {
      try {
        ledgerkit.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    return ledgerkit;
  }

  /**
   * The handle's database (closed by the handle).
   *
   * @param ledgerkit the handle
   * @return the database
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public PersistenceDatabase persistenceDatabase(Ledgerkit ledgerkit) {
    return ledgerkit.database();
  }

  /**
   * The vault of the database bean.
   *
   * @param database the database
   * @return the vault
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public Vault vault(PersistenceDatabase database) {
    return database.vault();
  }

  /**
   * The account settings of the connector schema, on the database bean.
   *
   * @param ledgerkit the handle
   * @param database the database
   * @return the repository
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public AccountSettingsRepository accountSettingsRepository(
      Ledgerkit ledgerkit, PersistenceDatabase database) {
    return database == ledgerkit.database()
        ? ledgerkit.accountSettings()
        : new AccountSettingsRepository(database);
  }

  /**
   * The static routes of the connector schema, on the database bean.
   *
   * @param ledgerkit the handle
   * @param database the database
   * @return the repository
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public StaticRouteRepository staticRouteRepository(
      Ledgerkit ledgerkit, PersistenceDatabase database) {
    return database == ledgerkit.database()
        ? ledgerkit.staticRoutes()
        : new StaticRouteRepository(database);
  }

  /**
   * The runtime configuration entries of the connector schema, on the database bean.
   *
   * @param ledgerkit the handle
   * @param database the database
   * @return the repository
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public RuntimeConfigRepository runtimeConfigRepository(
      Ledgerkit ledgerkit, PersistenceDatabase database) {
    return database == ledgerkit.database()
        ? ledgerkit.runtimeConfig()
        : new RuntimeConfigRepository(database, Clock.systemUTC());
  }

  /**
   * The handle's balance tracker of {@code ledgerkit.balance.store} (closed by the handle).
   *
   * @param ledgerkit the handle
   * @return the tracker
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean
  public BalanceTracker balanceTracker(Ledgerkit ledgerkit) {
    return ledgerkit.balanceTracker();
  }
}
