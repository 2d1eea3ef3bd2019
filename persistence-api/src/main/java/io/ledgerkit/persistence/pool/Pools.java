package io.ledgerkit.persistence.pool;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ledgerkit.persistence.config.Masking;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one factory of the HikariCP pools the library owns ({@code PersistenceDatabase} and {@code
 * Ledgerkit} with a URL, the PostgreSQL balance store with a URL, the testkit's {@code
 * TestDatabase}). It applies the same rules to all of them: the pool name and every log line are
 * masked with {@link Masking}, a timeout becomes the driver's own property in the driver's own
 * unit, and the validation of an idle connection never waits longer than the connection timeout.
 *
 * <p>Public so that every module that owns a pool, and a third-party balance store, builds it the
 * same way; it needs {@code com.zaxxer:HikariCP} on the class path (an optional dependency of
 * persistence-api, which persistence-jpa, the PostgreSQL store and the testkit bring).
 */
public final class Pools {

  private static final Logger LOG = LoggerFactory.getLogger(Pools.class);

  /** HikariCP's default validation timeout, used when the settings give none. */
  static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(5);

  private Pools() {}

  /**
   * A tight validation timeout for a connection timeout, as the PostgreSQL balance store uses to
   * bound every call: 250 ms below a 500 ms connection timeout, else 500 ms.
   *
   * @param connectionTimeout the pool's connection timeout
   * @return the validation timeout
   */
  public static Duration tightValidationTimeout(Duration connectionTimeout) {
    return connectionTimeout.compareTo(Duration.ofMillis(500)) < 0
        ? Duration.ofMillis(250)
        : Duration.ofMillis(500);
  }

  /**
   * The HikariCP configuration of the settings, without opening anything.
   *
   * @param settings the settings
   * @return a new configuration
   * @throws IllegalArgumentException when a driver timeout is set for a driver this factory does
   *     not know how to apply it to
   */
  public static HikariConfig config(PoolSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(settings.url());
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    if (settings.schema() != null) {
      config.setSchema(settings.schema());
    }
    config.setPoolName(Masking.mask(settings.poolName()));
    config.setMaximumPoolSize(settings.maximumSize());
    config.setMinimumIdle(settings.minimumIdle());
    config.setConnectionTimeout(settings.connectionTimeout().toMillis());
    Duration validation = settings.validationTimeout();
    if (validation == null) {
      validation =
          settings.connectionTimeout().compareTo(DEFAULT_VALIDATION_TIMEOUT) < 0
              ? settings.connectionTimeout()
              : DEFAULT_VALIDATION_TIMEOUT;
    }
    config.setValidationTimeout(validation.toMillis());
    config.setAutoCommit(settings.autoCommit());
    config.setReadOnly(settings.readOnly());
    if (settings.isolation() != null) {
      config.setTransactionIsolation("TRANSACTION_" + settings.isolation().name());
    }
    // -1: HikariCP opens the pool without connecting; 1: it connects once and fails fast.
    config.setInitializationFailTimeout(settings.connectAtStart() ? 1 : -1);
    applyDriverProperties(settings, config);
    settings.dataSourceProperties().forEach(config::addDataSourceProperty);
    if (settings.metricsTrackerFactory() != null) {
      config.setMetricsTrackerFactory(settings.metricsTrackerFactory());
    }
    return config;
  }

  /**
   * Opens a pool of the settings.
   *
   * @param settings the settings
   * @return the pool; the caller owns it and closes it
   * @throws IllegalArgumentException when a driver timeout cannot be applied to the URL's driver
   * @throws com.zaxxer.hikari.pool.HikariPool.PoolInitializationException when {@code
   *     connectAtStart} is set and the database cannot be reached
   */
  public static HikariDataSource open(PoolSettings settings) {
    HikariConfig config = config(settings);
    LOG.debug(
        "Opening pool {} to {} (at most {} connections, {} idle, {} ms wait)",
        config.getPoolName(),
        Masking.mask(settings.url()),
        settings.maximumSize(),
        settings.minimumIdle(),
        settings.connectionTimeout().toMillis());
    return new HikariDataSource(config);
  }

  private enum Driver {
    POSTGRESQL,
    MYSQL,
    OTHER;

    static Driver of(String url) {
      String u = url.toLowerCase(Locale.ROOT);
      if (u.startsWith("jdbc:postgresql:")) {
        return POSTGRESQL;
      }
      if (u.startsWith("jdbc:mysql:") || u.startsWith("jdbc:mariadb:")) {
        return MYSQL;
      }
      return OTHER;
    }
  }

  private static void applyDriverProperties(PoolSettings settings, HikariConfig config) {
    Driver driver = Driver.of(settings.url());
    if (driver == Driver.OTHER
        && (settings.connectTimeout() != null || settings.socketTimeout() != null)) {
      throw new IllegalArgumentException(
          "pool "
              + config.getPoolName()
              + ": a connect or socket timeout is applied to PostgreSQL, MySQL and MariaDB URLs"
              + " only, not to "
              + Masking.mask(settings.url())
              + "; leave them unset and give the driver's own property with"
              + " dataSourceProperty(...)");
    }
    if (settings.connectTimeout() != null) {
      if (driver == Driver.POSTGRESQL) {
        // pgjdbc takes whole seconds: round up, so the bound is never shorter than asked.
        String seconds = Long.toString(Math.max(1, ceilSeconds(settings.connectTimeout())));
        config.addDataSourceProperty("connectTimeout", seconds);
        config.addDataSourceProperty("loginTimeout", seconds);
      } else {
        config.addDataSourceProperty(
            "connectTimeout", Long.toString(settings.connectTimeout().toMillis()));
      }
    }
    if (settings.socketTimeout() != null) {
      config.addDataSourceProperty(
          "socketTimeout",
          driver == Driver.POSTGRESQL
              ? Long.toString(ceilSeconds(settings.socketTimeout()))
              : Long.toString(settings.socketTimeout().toMillis()));
    }
    if (settings.applicationName() != null && driver == Driver.POSTGRESQL) {
      config.addDataSourceProperty("ApplicationName", settings.applicationName());
    }
  }

  private static long ceilSeconds(Duration d) {
    return (d.toMillis() + 999) / 1000;
  }
}
