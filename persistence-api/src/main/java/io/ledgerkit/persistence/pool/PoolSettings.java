package io.ledgerkit.persistence.pool;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.ledgerkit.persistence.config.Masking;
import io.ledgerkit.persistence.config.TransactionIsolation;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Pools} builds a HikariCP pool from. Every rule on the values lives here, so the
 * database, the PostgreSQL balance store and the testkit refuse the same bad value with the same
 * message. Built with {@link #configure()} … {@link Builder#load()}.
 *
 * @param url the JDBC URL, starting with {@code jdbc:}
 * @param user the user, or {@code null} for the URL's or the driver's
 * @param password the password, or {@code null}
 * @param schema the connections' default schema, or {@code null} for the driver's
 * @param poolName the pool's name in HikariCP's logs and meters (masked by {@link Pools})
 * @param maximumSize the largest number of connections, 1 or more
 * @param minimumIdle the idle connections kept open, 0 to {@code maximumSize}
 * @param connectionTimeout the longest wait for a pooled connection, 250 ms or more
 * @param validationTimeout the longest check of an idle connection, 250 ms to {@code
 *     connectionTimeout}, or {@code null} for HikariCP's 5 s capped at {@code connectionTimeout}
 * @param connectTimeout the longest connect and login, or {@code null} for the driver's; applied as
 *     the driver's own property (PostgreSQL, MySQL and MariaDB only)
 * @param socketTimeout the longest wait for any read from the server, or {@code null} for none;
 *     applied as the driver's own property (PostgreSQL, MySQL and MariaDB only)
 * @param applicationName the name the server shows for the connections, or {@code null}; applied on
 *     PostgreSQL ({@code ApplicationName}) and ignored elsewhere
 * @param autoCommit whether connections start in auto-commit mode
 * @param isolation the connections' isolation, or {@code null} for the driver's
 * @param readOnly whether connections are read-only
 * @param connectAtStart whether opening the pool connects once and fails when it cannot ({@code
 *     false}: connections are opened on first use)
 * @param dataSourceProperties further driver properties, applied last
 * @param metricsTrackerFactory HikariCP's metrics tracker of the pool, or {@code null} for none
 */
public record PoolSettings(
    String url,
    String user,
    String password,
    String schema,
    String poolName,
    int maximumSize,
    int minimumIdle,
    Duration connectionTimeout,
    Duration validationTimeout,
    Duration connectTimeout,
    Duration socketTimeout,
    String applicationName,
    boolean autoCommit,
    TransactionIsolation isolation,
    boolean readOnly,
    boolean connectAtStart,
    Map<String, String> dataSourceProperties,
    MetricsTrackerFactory metricsTrackerFactory) {

  /** HikariCP's floor for every timeout it takes. */
  public static final Duration MINIMUM_TIMEOUT = Duration.ofMillis(250);

  /**
   * Validates the settings.
   *
   * @param url the JDBC URL
   * @param user the user
   * @param password the password
   * @param schema the default schema
   * @param poolName the pool's name
   * @param maximumSize the largest number of connections
   * @param minimumIdle the idle connections kept open
   * @param connectionTimeout the longest wait for a pooled connection
   * @param validationTimeout the longest check of an idle connection
   * @param connectTimeout the longest connect and login
   * @param socketTimeout the longest wait for a read
   * @param applicationName the name the server shows
   * @param autoCommit whether connections auto-commit
   * @param isolation the connections' isolation
   * @param readOnly whether connections are read-only
   * @param connectAtStart whether opening the pool connects once
   * @param dataSourceProperties further driver properties
   * @param metricsTrackerFactory HikariCP's metrics tracker
   * @throws IllegalArgumentException when a value is out of range (the message names it and the
   *     fix)
   */
  public PoolSettings {
    requireJdbcUrl(url);
    if (poolName == null || poolName.isBlank()) {
      throw new IllegalArgumentException(
          "the pool of " + Masking.mask(url) + " has no name; give poolName(...) a non-blank name");
    }
    requireSizes(maximumSize, minimumIdle);
    requireTimeout("connectionTimeout", connectionTimeout);
    if (validationTimeout != null) {
      requireTimeout("validationTimeout", validationTimeout);
      if (validationTimeout.compareTo(connectionTimeout) > 0) {
        throw new IllegalArgumentException(
            "validationTimeout "
                + validationTimeout
                + " is longer than connectionTimeout "
                + connectionTimeout
                + "; give it at most the connection timeout, or leave it unset");
      }
    }
    requirePositive("connectTimeout", connectTimeout);
    requirePositive("socketTimeout", socketTimeout);
    dataSourceProperties = Map.copyOf(dataSourceProperties);
  }

  /**
   * Starts settings with HikariCP's own defaults: at most 10 connections, none kept idle, a 30 s
   * wait for a connection, auto-commit, the driver's isolation, connecting once at start.
   *
   * @return a builder
   */
  public static Builder configure() {
    return new Builder();
  }

  /**
   * The rule on a JDBC URL, for builders that take one before the pool is built.
   *
   * @param url the URL
   * @throws IllegalArgumentException when {@code url} is {@code null} or does not start with {@code
   *     jdbc:} (the message masks it)
   */
  public static void requireJdbcUrl(String url) {
    if (url == null || !url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "JDBC URL '"
              + Masking.mask(url)
              + "' must start with jdbc:, e.g. jdbc:postgresql://host/db");
    }
  }

  /**
   * The rule on pool sizes, for builders that take them before the pool is built.
   *
   * @param maximumSize the largest number of connections
   * @param minimumIdle the idle connections kept open
   * @throws IllegalArgumentException when {@code maximumSize} is below 1 or {@code minimumIdle} is
   *     outside 0 to {@code maximumSize}
   */
  public static void requireSizes(int maximumSize, int minimumIdle) {
    if (maximumSize < 1) {
      throw new IllegalArgumentException(
          "maximum pool size " + maximumSize + " is not positive; give 1 or more connections");
    }
    if (minimumIdle < 0 || minimumIdle > maximumSize) {
      throw new IllegalArgumentException(
          "minimum idle "
              + minimumIdle
              + " is outside 0 to the maximum pool size "
              + maximumSize
              + "; give a value in that range");
    }
  }

  /**
   * The rule on a pool timeout (HikariCP's floor of 250 ms), for builders that take one before the
   * pool is built.
   *
   * @param name the setting's name, for the message
   * @param timeout the timeout
   * @throws NullPointerException when {@code timeout} is {@code null}
   * @throws IllegalArgumentException when {@code timeout} is below 250 ms
   */
  public static void requireTimeout(String name, Duration timeout) {
    Objects.requireNonNull(timeout, name);
    if (timeout.compareTo(MINIMUM_TIMEOUT) < 0) {
      throw new IllegalArgumentException(
          name + " " + timeout + " is below HikariCP's minimum of 250 ms; give 250 ms or more");
    }
  }

  private static void requirePositive(String name, Duration timeout) {
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw new IllegalArgumentException(
          name + " " + timeout + " is not positive; give a positive duration, or leave it unset");
    }
  }

  /** Describes the settings with the pool name, the URL and the password masked. */
  @Override
  public String toString() {
    return "PoolSettings["
        + Masking.mask(poolName)
        + " "
        + Masking.mask(url)
        + ", user="
        + user
        + ", password="
        + Masking.maskSecret(password)
        + ", maximumSize="
        + maximumSize
        + ", minimumIdle="
        + minimumIdle
        + ", connectionTimeout="
        + connectionTimeout
        + "]";
  }

  /** Collects {@link PoolSettings}; {@link #load()} validates them. */
  public static final class Builder {
    private String url;
    private String user;
    private String password;
    private String schema;
    private String poolName;
    private int maximumSize = 10;
    private int minimumIdle = 0;
    private Duration connectionTimeout = Duration.ofSeconds(30);
    private Duration validationTimeout;
    private Duration connectTimeout;
    private Duration socketTimeout;
    private String applicationName;
    private boolean autoCommit = true;
    private TransactionIsolation isolation;
    private boolean readOnly;
    private boolean connectAtStart = true;
    private final Map<String, String> dataSourceProperties = new LinkedHashMap<>();
    private MetricsTrackerFactory metricsTrackerFactory;

    private Builder() {}

    /**
     * The JDBC URL and credentials.
     *
     * @param url the JDBC URL
     * @param user the user, or {@code null}
     * @param password the password, or {@code null}
     * @return this builder
     */
    public Builder url(String url, String user, String password) {
      this.url = url;
      this.user = user;
      this.password = password;
      return this;
    }

    /**
     * The connections' default schema.
     *
     * @param schema the schema, or {@code null} for the driver's
     * @return this builder
     */
    public Builder schema(String schema) {
      this.schema = schema;
      return this;
    }

    /**
     * The pool's name in HikariCP's logs and meters (required).
     *
     * @param poolName the name
     * @return this builder
     */
    public Builder poolName(String poolName) {
      this.poolName = poolName;
      return this;
    }

    /**
     * The pool's size.
     *
     * @param maximumSize the largest number of connections (default 10)
     * @param minimumIdle the idle connections kept open (default 0)
     * @return this builder
     */
    public Builder size(int maximumSize, int minimumIdle) {
      this.maximumSize = maximumSize;
      this.minimumIdle = minimumIdle;
      return this;
    }

    /**
     * The longest wait for a pooled connection (default 30 s).
     *
     * @param timeout the timeout
     * @return this builder
     */
    public Builder connectionTimeout(Duration timeout) {
      this.connectionTimeout = timeout;
      return this;
    }

    /**
     * The longest check of an idle connection (default HikariCP's 5 s, capped at the connection
     * timeout).
     *
     * @param timeout the timeout, or {@code null} for the default
     * @return this builder
     */
    public Builder validationTimeout(Duration timeout) {
      this.validationTimeout = timeout;
      return this;
    }

    /**
     * The driver's connect and login timeout (default the driver's).
     *
     * @param timeout the timeout, or {@code null} for the driver's
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * The driver's socket read timeout (default none).
     *
     * @param timeout the timeout, or {@code null} for none
     * @return this builder
     */
    public Builder socketTimeout(Duration timeout) {
      this.socketTimeout = timeout;
      return this;
    }

    /**
     * The name the server shows for the connections (PostgreSQL only).
     *
     * @param name the name, or {@code null}
     * @return this builder
     */
    public Builder applicationName(String name) {
      this.applicationName = name;
      return this;
    }

    /**
     * Whether connections start in auto-commit mode (default {@code true}).
     *
     * @param autoCommit the mode
     * @return this builder
     */
    public Builder autoCommit(boolean autoCommit) {
      this.autoCommit = autoCommit;
      return this;
    }

    /**
     * The connections' isolation (default the driver's).
     *
     * @param isolation the isolation, or {@code null} for the driver's
     * @return this builder
     */
    public Builder isolation(TransactionIsolation isolation) {
      this.isolation = isolation;
      return this;
    }

    /**
     * Whether connections are read-only (default {@code false}).
     *
     * @param readOnly the mode
     * @return this builder
     */
    public Builder readOnly(boolean readOnly) {
      this.readOnly = readOnly;
      return this;
    }

    /**
     * Whether opening the pool connects once and fails when it cannot (default {@code true}).
     *
     * @param connectAtStart {@code false} to open connections on first use only
     * @return this builder
     */
    public Builder connectAtStart(boolean connectAtStart) {
      this.connectAtStart = connectAtStart;
      return this;
    }

    /**
     * A driver property, applied after the ones {@link Pools} derives from the settings.
     *
     * @param name the property
     * @param value the value
     * @return this builder
     */
    public Builder dataSourceProperty(String name, String value) {
      dataSourceProperties.put(
          Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * HikariCP's metrics tracker of the pool (default none).
     *
     * @param factory the factory, or {@code null} for none
     * @return this builder
     */
    public Builder metricsTrackerFactory(MetricsTrackerFactory factory) {
      this.metricsTrackerFactory = factory;
      return this;
    }

    /**
     * Validates and returns the settings.
     *
     * @return the settings
     * @throws IllegalArgumentException when a value is out of range
     */
    public PoolSettings load() {
      return new PoolSettings(
          url,
          user,
          password,
          schema,
          poolName,
          maximumSize,
          minimumIdle,
          connectionTimeout,
          validationTimeout,
          connectTimeout,
          socketTimeout,
          applicationName,
          autoCommit,
          isolation,
          readOnly,
          connectAtStart,
          dataSourceProperties,
          metricsTrackerFactory);
    }
  }
}
