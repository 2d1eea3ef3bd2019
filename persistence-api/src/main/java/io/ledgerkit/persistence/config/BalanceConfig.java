package io.ledgerkit.persistence.config;

/**
 * The balance store ({@code balance.*}).
 *
 * @param store the store's name: {@code memory}, {@code redis}, {@code postgres}, or the name of
 *     another registered {@link io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider}
 * @param redis the Redis settings
 * @param postgres the PostgreSQL settings
 * @param autoBatch whether concurrent single calls are grouped into batches (group commit)
 * @param timeouts the stores' timeouts
 * @param holdExpiry the hold-expiry scheduler ({@code balance.holds.expiry.*})
 * @param retention what the store keeps for exactly-once tracking ({@code balance.retention.*});
 *     providers pass {@link RetentionConfig#toRetention()} (or, with their own defaults, {@link
 *     RetentionConfig#toRetention(io.ledgerkit.persistence.balance.Retention)}) to their tracker
 */
public record BalanceConfig(
    String store,
    RedisBalanceConfig redis,
    PostgresBalanceConfig postgres,
    boolean autoBatch,
    BalanceTimeoutsConfig timeouts,
    HoldExpiryConfig holdExpiry,
    RetentionConfig retention) {

  /**
   * Requires the nested settings.
   *
   * @param store the store's name: {@code memory}, {@code redis}, {@code postgres}, or the name of
   *     another registered {@link io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider}
   * @param redis the Redis settings
   * @param postgres the PostgreSQL settings
   * @param autoBatch whether concurrent single calls are grouped into batches (group commit)
   * @param timeouts the stores' timeouts
   * @param holdExpiry the hold-expiry scheduler ({@code balance.holds.expiry.*})
   * @param retention what the store keeps for exactly-once tracking ({@code balance.retention.*});
   *     providers pass {@link RetentionConfig#toRetention()} (or, with their own defaults, {@link
   *     RetentionConfig#toRetention(io.ledgerkit.persistence.balance.Retention)}) to their tracker
   */
  public BalanceConfig {
    java.util.Objects.requireNonNull(timeouts, "timeouts");
    java.util.Objects.requireNonNull(holdExpiry, "holdExpiry");
    java.util.Objects.requireNonNull(retention, "retention");
  }

  /**
   * The balance settings with the default hold expiry and retention.
   *
   * @param store the store's name
   * @param redis the Redis settings
   * @param postgres the PostgreSQL settings
   * @param autoBatch whether concurrent single calls are grouped into batches
   * @param timeouts the stores' timeouts
   */
  public BalanceConfig(
      String store,
      RedisBalanceConfig redis,
      PostgresBalanceConfig postgres,
      boolean autoBatch,
      BalanceTimeoutsConfig timeouts) {
    this(
        store,
        redis,
        postgres,
        autoBatch,
        timeouts,
        HoldExpiryConfig.DEFAULTS,
        RetentionConfig.DEFAULTS);
  }

  /**
   * The balance settings with the default timeouts, hold expiry and retention.
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
