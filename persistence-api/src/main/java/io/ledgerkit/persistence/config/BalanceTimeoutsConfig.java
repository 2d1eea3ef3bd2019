package io.ledgerkit.persistence.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The timeouts of the balance stores ({@code balance.*Timeout}, {@code
 * balance.autoBatchMaxQueueTime}), from which each tracker derives the longest time a call blocks
 * (see {@code docs/balance-tracking.md}, "Bounded blocking").
 *
 * @param redisConnectTimeout {@code balance.redis.connectTimeout}
 * @param redisSocketTimeout {@code balance.redis.socketTimeout}
 * @param postgresConnectionTimeout {@code balance.postgres.connectionTimeout} (pool acquisition)
 * @param postgresConnectTimeout {@code balance.postgres.connectTimeout} (TCP connect and login)
 * @param postgresStatementTimeout {@code balance.postgres.statementTimeout}
 * @param autoBatchMaxQueueTime {@code balance.autoBatchMaxQueueTime}
 */
public record BalanceTimeoutsConfig(
    Duration redisConnectTimeout,
    Duration redisSocketTimeout,
    Duration postgresConnectionTimeout,
    Duration postgresConnectTimeout,
    Duration postgresStatementTimeout,
    Duration autoBatchMaxQueueTime) {

  /** The defaults: 500 ms, 1 s, 1 s, 2 s, 2 s, 1 s. */
  public static final BalanceTimeoutsConfig DEFAULTS =
      new BalanceTimeoutsConfig(
          Duration.ofMillis(500),
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(2),
          Duration.ofSeconds(1));

  /**
   * Requires every timeout.
   *
   * @param redisConnectTimeout {@code balance.redis.connectTimeout}
   * @param redisSocketTimeout {@code balance.redis.socketTimeout}
   * @param postgresConnectionTimeout {@code balance.postgres.connectionTimeout} (pool acquisition)
   * @param postgresConnectTimeout {@code balance.postgres.connectTimeout} (TCP connect and login)
   * @param postgresStatementTimeout {@code balance.postgres.statementTimeout}
   * @param autoBatchMaxQueueTime {@code balance.autoBatchMaxQueueTime}
   */
  public BalanceTimeoutsConfig {
    Objects.requireNonNull(redisConnectTimeout, "redisConnectTimeout");
    Objects.requireNonNull(redisSocketTimeout, "redisSocketTimeout");
    Objects.requireNonNull(postgresConnectionTimeout, "postgresConnectionTimeout");
    Objects.requireNonNull(postgresConnectTimeout, "postgresConnectTimeout");
    Objects.requireNonNull(postgresStatementTimeout, "postgresStatementTimeout");
    Objects.requireNonNull(autoBatchMaxQueueTime, "autoBatchMaxQueueTime");
  }
}
