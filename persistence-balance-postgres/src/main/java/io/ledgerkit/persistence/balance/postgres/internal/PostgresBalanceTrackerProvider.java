package io.ledgerkit.persistence.balance.postgres.internal;

import io.ledgerkit.persistence.balance.AutoBatchSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.balance.postgres.PostgresBalanceSchema;
import io.ledgerkit.persistence.balance.postgres.PostgresBalanceTracker;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import io.ledgerkit.persistence.config.BalanceConfig;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.config.PostgresBalanceConfig;

/**
 * Registers the PostgreSQL store ({@code balance.store=postgres}) with {@link
 * java.util.ServiceLoader}: a {@link PostgresBalanceTracker} with its own connection pool on {@code
 * balance.postgres.url} (by default the database's URL, user and password), sized by {@code
 * database.pool.maximumSize}. Its tables take the options of {@code
 * schemas.PostgresBalanceSchema.*} and are migrated at start-up when {@code
 * database.runMigration=true}, else verified.
 */
public final class PostgresBalanceTrackerProvider implements BalanceTrackerProvider {

  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public PostgresBalanceTrackerProvider() {}

  @Override
  public String store() {
    return BalanceConfig.POSTGRES;
  }

  /** The store's recommendation, {@link PostgresBalanceTracker#AUTO_BATCH_SETTINGS}. */
  @Override
  public AutoBatchSettings autoBatchSettings() {
    return PostgresBalanceTracker.AUTO_BATCH_SETTINGS;
  }

  @Override
  public BalanceTracker create(LedgerkitConfig config) {
    PostgresBalanceConfig pg = config.balance().postgres();
    if (pg.url() == null) {
      throw new IllegalStateException(
          "balance.store=postgres needs balance.postgres.url (or a PostgreSQL database.url)");
    }
    return PostgresBalanceTracker.configure()
        .url(pg.url(), pg.user(), pg.password())
        .maximumPoolSize(config.database().pool().maximumSize())
        .connectionTimeout(config.balance().timeouts().postgresConnectionTimeout())
        .connectTimeout(config.balance().timeouts().postgresConnectTimeout())
        .statementTimeout(config.balance().timeouts().postgresStatementTimeout())
        .schemaOptions(config.schemas().optionsFor(PostgresBalanceSchema.class))
        .runMigration(config.database().runMigration())
        .retention(config.balance().retention().toRetention(Retention.unboundedJournal()))
        .start();
  }
}
