package io.ledgerkit.persistence.micrometer.internal;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.postgres.PostgresBalanceTracker;
import io.ledgerkit.persistence.migrations.StartupResult;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Reads what a {@link PostgresBalanceTracker} offers to metrics. Only loaded after checking that
 * {@code persistence-balance-postgres} is on the classpath (it is an optional dependency). Not a
 * public API.
 */
public final class PostgresStore {

  private static final String CLASS =
      "io.ledgerkit.persistence.balance.postgres.PostgresBalanceTracker";

  private PostgresStore() {}

  /**
   * Tells whether the PostgreSQL store's classes are on the classpath.
   *
   * @param loader the class loader to look in
   * @return {@code true} when {@code persistence-balance-postgres} is present
   */
  public static boolean present(ClassLoader loader) {
    try {
      Class.forName(CLASS, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * The data source of a PostgreSQL tracker.
   *
   * @param tracker the unwrapped tracker
   * @return its data source, or empty when it is another store
   */
  public static Optional<DataSource> dataSource(BalanceTracker tracker) {
    return tracker instanceof PostgresBalanceTracker pg
        ? Optional.of(pg.dataSource())
        : Optional.empty();
  }

  /**
   * What the migration step of a PostgreSQL tracker did.
   *
   * @param tracker the unwrapped tracker
   * @return the result, or empty when it is another store
   */
  public static Optional<StartupResult> migration(BalanceTracker tracker) {
    return tracker instanceof PostgresBalanceTracker pg
        ? Optional.ofNullable(pg.migrationStartup())
        : Optional.empty();
  }
}
