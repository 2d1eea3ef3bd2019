package io.ledgerkit.persistence.balance.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * One PostgreSQL schema shared by the tests of one contract class: migrated once (a Liquibase run
 * per test method would dominate the suite's time), while every test still builds its own tracker,
 * which verifies the schema at start-up. The contract uses fresh account ids per test, so sharing
 * the tables is safe. The tables are addressed through {@link SchemaOptions#databaseSchema}, so
 * these suites also cover schema-qualified names and the batch function's pinned search path.
 */
final class PostgresContractSupport implements AutoCloseable {

  /**
   * Operations per thread of the contract's 16-thread concurrency test. Every single operation is a
   * real commit (fsync on the shared server), so the default 5,000 (80,000 commits) would take
   * minutes; 300 per thread (4,800 operations on 8 hot accounts) still interleaves heavily.
   */
  static final int CONCURRENT_OPERATIONS_PER_THREAD = 300;

  private final String schema;
  private final HikariDataSource pool;

  private PostgresContractSupport(String schema, HikariDataSource pool) {
    this.schema = schema;
    this.pool = pool;
  }

  /** Creates a schema next to the test's own one, and migrates it. */
  static PostgresContractSupport create(TestDatabase database) {
    String schema = "lkpg_" + UUID.randomUUID().toString().substring(0, 8);
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    HikariConfig config = new HikariConfig();
    // Liquibase keeps its history table in the connection's current schema: point it at ours.
    config.setJdbcUrl(withCurrentSchema(database.jdbcUrl(), schema));
    config.setUsername(database.user());
    config.setPassword(database.password());
    config.setMaximumPoolSize(8);
    config.setPoolName("contract-" + schema);
    PostgresContractSupport support =
        new PostgresContractSupport(schema, new HikariDataSource(config));
    support.builder().runMigration(true).start();
    System.out.println("contract schema " + schema + " on " + database.source());
    return support;
  }

  static String withCurrentSchema(String jdbcUrl, String schema) {
    if (jdbcUrl.contains("currentSchema=")) {
      return jdbcUrl.replaceAll("currentSchema=[^&]*", "currentSchema=" + schema);
    }
    return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  PostgresBalanceTracker.Builder builder() {
    return PostgresBalanceTracker.configure()
        .dataSource(pool)
        .schemaOptions(SchemaOptions.databaseSchema(schema));
  }

  BalanceTracker tracker() {
    return builder().start();
  }

  BalanceTracker autoBatched() {
    return AutoBatchingBalanceTracker.configure(tracker())
        .settings(PostgresBalanceTracker.AUTO_BATCH_SETTINGS)
        .start();
  }

  /** Drops the schema and closes the pool. */
  @Override
  public void close() {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop schema " + schema, e);
    } finally {
      pool.close();
    }
  }
}
