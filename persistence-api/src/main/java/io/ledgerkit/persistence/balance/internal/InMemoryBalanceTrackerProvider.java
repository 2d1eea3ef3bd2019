package io.ledgerkit.persistence.balance.internal;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import io.ledgerkit.persistence.config.BalanceConfig;
import io.ledgerkit.persistence.config.LedgerkitConfig;

/**
 * Registers the in-memory store ({@code balance.store=memory}) with {@link
 * java.util.ServiceLoader}. Each tracker it creates is a new, empty {@link InMemoryBalanceTracker}
 * on the system clock with the configured {@code balance.retention.*}; balances live only as long
 * as the tracker.
 */
public final class InMemoryBalanceTrackerProvider implements BalanceTrackerProvider {

  /** Creates the provider (called by {@link java.util.ServiceLoader}). */
  public InMemoryBalanceTrackerProvider() {}

  @Override
  public String store() {
    return BalanceConfig.MEMORY;
  }

  @Override
  public BalanceTracker create(LedgerkitConfig config) {
    return InMemoryBalanceTracker.configure()
        .retention(config.balance().retention().toRetention())
        .start();
  }
}
