package io.ledgerkit.persistence.balance.postgres.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.time.Duration;

/** Creates the HikariCP pool a tracker built from a URL owns. Not a public API. */
public final class Pools {

  private Pools() {}

  /**
   * HikariCP's validation timeout for a connection timeout: 250 ms below 500 ms, else 500 ms.
   *
   * @param connectionTimeout the pool's connection timeout
   * @return the validation timeout
   */
  public static Duration validationTimeout(Duration connectionTimeout) {
    return connectionTimeout.compareTo(Duration.ofMillis(500)) < 0
        ? Duration.ofMillis(250)
        : Duration.ofMillis(500);
  }

  /**
   * Opens a pool of auto-commit, read-committed connections whose every wait is bounded: the
   * acquisition ({@code connectionTimeout}), the connect and login ({@code connectTimeout}), each
   * statement on the server ({@code statement_timeout}) and, as a floor, the socket.
   *
   * @param url the JDBC URL
   * @param user the user, or {@code null}
   * @param password the password, or {@code null}
   * @param maximumPoolSize the largest number of connections
   * @param connectionTimeout the longest wait for a pooled connection
   * @param connectTimeout the longest connect and login
   * @param statementTimeout the longest statement
   * @param applicationName the connections' {@code application_name}
   * @param metricsTrackerFactory HikariCP's metrics tracker of the pool, or {@code null} for none
   * @return the pool (connections are opened lazily)
   */
  public static HikariDataSource open(
      String url,
      String user,
      String password,
      int maximumPoolSize,
      Duration connectionTimeout,
      Duration connectTimeout,
      Duration statementTimeout,
      String applicationName,
      MetricsTrackerFactory metricsTrackerFactory) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setPoolName("ledgerkit-balance-postgres");
    config.setMaximumPoolSize(maximumPoolSize);
    config.setMinimumIdle(Math.min(2, maximumPoolSize));
    config.setConnectionTimeout(connectionTimeout.toMillis());
    config.setValidationTimeout(validationTimeout(connectionTimeout).toMillis());
    long connectSeconds = Math.max(1, (connectTimeout.toMillis() + 999) / 1000);
    config.addDataSourceProperty("connectTimeout", Long.toString(connectSeconds));
    config.addDataSourceProperty("loginTimeout", Long.toString(connectSeconds));
    // A floor for anything the per-call network timeout does not cover.
    long socketSeconds =
        (statementTimeout.plus(RetryExecutor.SOCKET_GRACE).toMillis() + 999) / 1000;
    config.addDataSourceProperty("socketTimeout", Long.toString(socketSeconds));
    config.addDataSourceProperty("options", "-c statement_timeout=" + statementTimeout.toMillis());
    config.setAutoCommit(true);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", applicationName);
    if (metricsTrackerFactory != null) {
      config.setMetricsTrackerFactory(metricsTrackerFactory);
    }
    return new HikariDataSource(config);
  }
}
