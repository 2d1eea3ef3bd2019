package io.ledgerkit.persistence.config;

/**
 * The balance store ({@code balance.*}).
 *
 * @param store the store's name: {@code memory}, {@code redis}, {@code postgres}, or the name of
 *     another registered {@link io.ledgerkit.persistence.balance.BalanceTrackerProvider}
 * @param redis the Redis settings
 * @param postgres the PostgreSQL settings
 * @param autoBatch whether concurrent single calls are grouped into batches (group commit)
 * @param timeouts the stores' timeouts
 */
public record BalanceConfig(
    String store,
    RedisBalanceConfig redis,
    PostgresBalanceConfig postgres,
    boolean autoBatch,
    BalanceTimeoutsConfig timeouts) {

  /**
   * The balance settings with the default timeouts.
   *
   * @param store the store's name
   * @param redis the Redis settings
   * @param postgres the PostgreSQL settings
   * @param autoBatch whether concurrent single calls are grouped into batches
   */
  public BalanceConfig(
      String store, RedisBalanceConfig redis, PostgresBalanceConfig postgres, boolean autoBatch) {
    this(store, redis, postgres, autoBatch, BalanceTimeoutsConfig.DEFAULTS);
  }

  /** The in-memory store (the default). */
  public static final String MEMORY = "memory";

  /** The Redis store (module {@code io.ledgerkit:persistence-balance-redis}). */
  public static final String REDIS = "redis";

  /** The PostgreSQL store (module {@code io.ledgerkit:persistence-balance-postgres}). */
  public static final String POSTGRES = "postgres";
}
