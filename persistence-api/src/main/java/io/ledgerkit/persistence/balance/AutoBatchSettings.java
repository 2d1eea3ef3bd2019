package io.ledgerkit.persistence.balance;

import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import java.time.Duration;

/**
 * How an {@link AutoBatchingBalanceTracker} groups calls: the values its {@link
 * AutoBatchingBalanceTracker.Builder} takes one by one, as one value a store can recommend ({@link
 * BalanceTrackerProvider#autoBatchSettings()}, for example {@code
 * PostgresBalanceTracker.AUTO_BATCH_SETTINGS}) and {@code balance.autoBatch=true} applies.
 *
 * <pre>{@code
 * BalanceTracker tracker = AutoBatchingBalanceTracker.configure(postgresTracker)
 *     .settings(PostgresBalanceTracker.AUTO_BATCH_SETTINGS)
 *     .start();
 * }</pre>
 *
 * @param maxBatchSize the largest batch, 1 to 10,000
 * @param maxWait how long a batch formed under contention waits for callers already on their way
 *     into it, 0 to 100 ms
 * @param maxConcurrentBatches how many batches of one kind may be in flight at once, 1 to 64
 * @param maxQueueTime how long a call may wait in the queue, 1 ms to 10 minutes
 */
public record AutoBatchSettings(
    int maxBatchSize, Duration maxWait, int maxConcurrentBatches, Duration maxQueueTime) {

  /**
   * The wrapper's own defaults: {@link AutoBatchingBalanceTracker#DEFAULT_MAX_BATCH_SIZE}, {@link
   * AutoBatchingBalanceTracker#DEFAULT_MAX_WAIT}, {@link
   * AutoBatchingBalanceTracker#DEFAULT_MAX_CONCURRENT_BATCHES} and {@link
   * AutoBatchingBalanceTracker#DEFAULT_MAX_QUEUE_TIME}.
   */
  public static final AutoBatchSettings DEFAULTS =
      new AutoBatchSettings(
          AutoBatchingBalanceTracker.DEFAULT_MAX_BATCH_SIZE,
          AutoBatchingBalanceTracker.DEFAULT_MAX_WAIT,
          AutoBatchingBalanceTracker.DEFAULT_MAX_CONCURRENT_BATCHES,
          AutoBatchingBalanceTracker.DEFAULT_MAX_QUEUE_TIME);

  /**
   * Checks every value against the ranges of {@link AutoBatchingBalanceTracker.Builder}.
   *
   * @throws IllegalArgumentException naming the value out of range and the allowed range
   * @param maxBatchSize the largest batch, 1 to 10,000
   * @param maxWait how long a batch formed under contention waits for callers already on their way
   *     into it, 0 to 100 ms
   * @param maxConcurrentBatches how many batches of one kind may be in flight at once, 1 to 64
   * @param maxQueueTime how long a call may wait in the queue, 1 ms to 10 minutes
   */
  public AutoBatchSettings {
    checkBatchSize(maxBatchSize);
    checkWait(maxWait);
    checkConcurrentBatches(maxConcurrentBatches);
    checkQueueTime(maxQueueTime);
  }

  /**
   * These settings with another number of batches in flight.
   *
   * @param maxConcurrentBatches 1 to 64
   * @return the new settings
   */
  public AutoBatchSettings withMaxConcurrentBatches(int maxConcurrentBatches) {
    return new AutoBatchSettings(maxBatchSize, maxWait, maxConcurrentBatches, maxQueueTime);
  }

  /**
   * These settings with another queue time.
   *
   * @param maxQueueTime 1 ms to 10 minutes
   * @return the new settings
   */
  public AutoBatchSettings withMaxQueueTime(Duration maxQueueTime) {
    return new AutoBatchSettings(maxBatchSize, maxWait, maxConcurrentBatches, maxQueueTime);
  }

  static void checkBatchSize(int maxBatchSize) {
    if (maxBatchSize < 1 || maxBatchSize > 10_000) {
      throw new IllegalArgumentException(
          "maxBatchSize " + maxBatchSize + " is out of range; use 1 to 10000");
    }
  }

  static void checkWait(Duration maxWait) {
    if (maxWait == null || maxWait.isNegative() || maxWait.compareTo(Duration.ofMillis(100)) > 0) {
      throw new IllegalArgumentException(
          "maxWait " + maxWait + " is out of range; use 0 to 100 ms");
    }
  }

  static void checkConcurrentBatches(int maxConcurrentBatches) {
    if (maxConcurrentBatches < 1 || maxConcurrentBatches > 64) {
      throw new IllegalArgumentException(
          "maxConcurrentBatches " + maxConcurrentBatches + " is out of range; use 1 to 64");
    }
  }

  static void checkQueueTime(Duration maxQueueTime) {
    if (maxQueueTime == null
        || maxQueueTime.toMillis() < 1
        || maxQueueTime.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "maxQueueTime " + maxQueueTime + " is out of range; use 1 ms to 10 minutes");
    }
  }
}
