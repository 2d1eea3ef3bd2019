package io.ledgerkit.persistence.testkit.balance;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import org.junit.jupiter.api.DisplayName;

@DisplayName(
    "InMemoryBalanceTracker passes the balance tracker contract, single and through"
        + " AutoBatchingBalanceTracker")
class InMemoryBalanceTrackerContractTest extends BalanceTrackerContract {

  @Override
  protected BalanceTracker createTracker() {
    return InMemoryBalanceTracker.configure().start();
  }

  @Override
  protected boolean trackersShareTheirStore() {
    return false; // every in-memory tracker has its own balances
  }
}
