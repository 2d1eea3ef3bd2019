package io.ledgerkit.persistence.jpa;

import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import io.ledgerkit.persistence.config.LedgerkitConfig;

/**
 * A balance store that can never be reached ({@code balance.store=unreachable-test-store}), so a
 * test can show that {@link Ledgerkit#start} closes the database it had already opened.
 */
public final class UnreachableBalanceTrackerProvider implements BalanceTrackerProvider {

  /** Store name selecting this provider. */
  public static final String STORE = "unreachable-test-store";

  @Override
  public String store() {
    return STORE;
  }

  @Override
  public BalanceTracker create(LedgerkitConfig config) {
    throw BalanceStoreUnavailableException.notApplied(
        "test store " + STORE + " is never reachable", new java.net.ConnectException("refused"));
  }
}
