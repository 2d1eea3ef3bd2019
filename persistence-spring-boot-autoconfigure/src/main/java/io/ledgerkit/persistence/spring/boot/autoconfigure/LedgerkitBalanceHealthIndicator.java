package io.ledgerkit.persistence.spring.boot.autoconfigure;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceTracker;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of the balance store ({@code ledgerkitBalance}): {@code UP} when the store answers a
 * balance read of a probe account (which changes nothing: an account never touched reads as zero),
 * {@code DOWN} with the error when it does not (for example a stopped Redis: the read fails within
 * {@code balance.redis.socketTimeout}).
 */
public final class LedgerkitBalanceHealthIndicator extends AbstractHealthIndicator {

  /** The account read by each check. */
  public static final AccountId PROBE = AccountId.of("ledgerkit-health-probe");

  private final BalanceTracker tracker;
  private final String store;

  /**
   * Creates the indicator.
   *
   * @param tracker the tracker to probe
   * @param store the store's name, shown in the details
   */
  public LedgerkitBalanceHealthIndicator(BalanceTracker tracker, String store) {
    super("Ledgerkit balance store health check failed");
    this.tracker = Objects.requireNonNull(tracker, "tracker");
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    builder.withDetail("store", store);
    tracker.balance(PROBE);
    builder.up();
  }
}
