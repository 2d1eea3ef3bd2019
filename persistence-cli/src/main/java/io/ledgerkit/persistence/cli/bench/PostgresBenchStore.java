package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.postgres.PostgresBalanceTracker;
import io.ledgerkit.persistence.cli.common.ConnectionFailures;
import io.ledgerkit.persistence.schema.SchemaOptions;

/**
 * The {@code postgres} store of {@code bench balances}: a {@link PostgresBalanceTracker} on a
 * {@code jdbc:postgresql:} URL (user and password as URL parameters), owning its HikariCP pool. The
 * benchmark's tables carry the prefix {@value #TABLE_PREFIX}, apart from any tracker's own tables,
 * and are created (migrated) by the bench when missing.
 */
final class PostgresBenchStore {

  /** The table prefix of the benchmark's tables. */
  static final String TABLE_PREFIX = "lkbench_";

  /** An example URL for messages. */
  static final String EXAMPLE_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** Connections of the bench's pool: one per client thread up to this many. */
  static final int POOL_SIZE = 32;

  private PostgresBenchStore() {}

  /**
   * Opens the tracker, creating or updating its tables first.
   *
   * @param url the JDBC URL
   * @return the tracker; closing it closes the pool
   * @throws IllegalArgumentException when the URL is missing or not a PostgreSQL JDBC URL
   */
  static BalanceTracker open(String url) {
    String jdbcUrl = BenchStores.requireUrl("postgres", url, EXAMPLE_URL);
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      probe(jdbcUrl);
    }
    return PostgresBalanceTracker.configure()
        .url(jdbcUrl)
        .schemaOptions(SchemaOptions.tablePrefix(TABLE_PREFIX))
        .maximumPoolSize(POOL_SIZE)
        .applicationName("ledgerkit-bench")
        .runMigration(true)
        .start();
  }

  /**
   * Connects once before the pool is built, so that a server that is down is reported at once
   * ("connection refused", naming host and port) instead of as the pool's timeout.
   */
  private static void probe(String jdbcUrl) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl)) {
      c.isValid(1);
    } catch (java.sql.SQLException e) {
      ConnectionFailures.Unreachable unreachable = ConnectionFailures.of(jdbcUrl, e);
      if (unreachable != null) {
        throw unreachable;
      }
      // Anything else (credentials, a missing database) the tracker reports in its own words.
    }
  }
}
