package io.ledgerkit.persistence.config;

/**
 * The database connection pool ({@code database.pool.*}).
 *
 * @param maximumSize the largest number of open connections, 1 or more
 */
public record PoolConfig(int maximumSize) {

  /** The default maximum pool size. */
  public static final int DEFAULT_MAXIMUM_SIZE = 10;

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException when {@code maximumSize} is not positive
   * @param maximumSize the largest number of open connections, 1 or more
   */
  public PoolConfig {
    if (maximumSize < 1) {
      throw new IllegalArgumentException(
          "database.pool.maximumSize " + maximumSize + " is not a positive integer");
    }
  }
}
