package io.ledgerkit.persistence.testkit;

import com.zaxxer.hikari.HikariDataSource;
import io.ledgerkit.persistence.pool.PoolSettings;
import io.ledgerkit.persistence.pool.Pools;
import io.ledgerkit.persistence.testkit.internal.Ids;
import io.ledgerkit.persistence.testkit.internal.JdbcUrls;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * The isolated database of one test method, provided by {@link TestDatabaseExtension}: its own
 * in-memory database (H2), schema (PostgreSQL), database (MySQL/MariaDB, SQL Server) or user
 * (Oracle), dropped after the test.
 */
public final class TestDatabase {
  private final TestDatabaseKind kind;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final String schema;
  private final String source;
  private HikariDataSource dataSource;
  private boolean closed;

  TestDatabase(
      TestDatabaseKind kind,
      String jdbcUrl,
      String user,
      String password,
      String schema,
      String source) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    this.user = user;
    this.password = password;
    this.schema = Objects.requireNonNull(schema, "schema");
    this.source = Objects.requireNonNull(source, "source");
  }

  /** {@return the kind of database} */
  public TestDatabaseKind kind() {
    return kind;
  }

  /**
   * {@return the JDBC URL of this test's database; it already selects the isolated schema or
   * database (for example with {@code currentSchema=} on PostgreSQL)}
   */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /** {@return the user name to connect with (may be null when the URL carries no user)} */
  public String user() {
    return user;
  }

  /** {@return the password to connect with (may be null or empty)} */
  public String password() {
    return password;
  }

  /**
   * Returns the isolated schema or database name, the default schema of connections made from
   * {@link #jdbcUrl()}: {@code lkt_<random>} on PostgreSQL and MySQL, the per-test user in upper
   * case on Oracle, {@code dbo} on SQL Server and {@code PUBLIC} on H2 (whose whole database is per
   * test).
   *
   * @return the isolated schema or database name, the default schema of connections made from
   *     {@link #jdbcUrl()}: {@code lkt_<random>} on PostgreSQL and MySQL, the per-test user in
   *     upper case on Oracle, {@code dbo} on SQL Server and {@code PUBLIC} on H2 (whose whole
   *     database is per test)
   */
  public String schema() {
    return schema;
  }

  /**
   * {@return a small connection pool (HikariCP, at most 8 connections) to this test's database,
   * created on first use and closed after the test}
   */
  public synchronized DataSource dataSource() {
    if (closed) {
      throw new IllegalStateException(
          "the test database " + schema + " was closed at the end of its test");
    }
    if (dataSource == null) {
      dataSource =
          Pools.open(
              PoolSettings.configure()
                  .url(jdbcUrl, user, password)
                  .poolName(
                      "lkt-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + Ids.hex8())
                  .size(8, 0)
                  .connectionTimeout(Duration.ofSeconds(15))
                  .load());
    }
    return dataSource;
  }

  /**
   * {@return where the database comes from, e.g. {@code env LEDGERKIT_TEST_POSTGRES_URL} or {@code
   * embedded PostgreSQL 17.6 on port 41234}}
   */
  public String source() {
    return source;
  }

  /** Closes the pool, if one was created. */
  synchronized void closePool() {
    closed = true;
    if (dataSource != null) {
      dataSource.close();
      dataSource = null;
    }
  }

  /** Describes the database without its password. */
  @Override
  public String toString() {
    return "TestDatabase["
        + kind
        + " "
        + JdbcUrls.redact(jdbcUrl)
        + ", schema="
        + schema
        + ", "
        + source
        + "]";
  }
}
