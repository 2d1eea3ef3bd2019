package io.ledgerkit.persistence.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The hold-expiry scheduler that {@code Ledgerkit.start} runs ({@code balance.holds.expiry.*}); see
 * {@link io.ledgerkit.persistence.balance.HoldExpiry}.
 *
 * @param enabled {@code balance.holds.expiry.enabled}: whether the scheduler runs
 * @param interval {@code balance.holds.expiry.interval}: the pause between two runs
 * @param batchSize {@code balance.holds.expiry.batchSize}: the holds released per {@code
 *     expireHolds} call; a run repeats the call while a full batch comes back
 */
public record HoldExpiryConfig(boolean enabled, Duration interval, int batchSize) {

  /** The default pause between two runs: one second. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  /** The default batch size: 1000 holds per call. */
  public static final int DEFAULT_BATCH_SIZE = 1000;

  /** The defaults: enabled, every second, 1000 holds per call. */
  public static final HoldExpiryConfig DEFAULTS =
      new HoldExpiryConfig(true, DEFAULT_INTERVAL, DEFAULT_BATCH_SIZE);

  /**
   * Validates the settings: a positive interval and batch size.
   *
   * @param enabled {@code balance.holds.expiry.enabled}: whether the scheduler runs
   * @param interval {@code balance.holds.expiry.interval}: the pause between two runs
   * @param batchSize {@code balance.holds.expiry.batchSize}: the holds released per {@code
   *     expireHolds} call; a run repeats the call while a full batch comes back
   */
  public HoldExpiryConfig {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "hold expiry interval " + interval + " must be positive (for example PT1S)");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException(
          "hold expiry batch size " + batchSize + " must be 1 or more (for example 1000)");
    }
  }
}
