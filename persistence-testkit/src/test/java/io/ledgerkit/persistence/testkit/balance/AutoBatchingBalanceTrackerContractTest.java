package io.ledgerkit.persistence.testkit.balance;

import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import org.junit.jupiter.api.DisplayName;

@DisplayName(
    "AutoBatchingBalanceTracker over InMemoryBalanceTracker passes the balance tracker"
        + " contract")
class AutoBatchingBalanceTrackerContractTest extends BalanceTrackerContract {

  @Override
  protected BalanceTracker createTracker() {
    return AutoBatchingBalanceTracker.configure(InMemoryBalanceTracker.configure().start()).start();
  }

  @Override
  protected boolean trackersShareTheirStore() {
    return false; // every in-memory tracker has its own balances
  }
}
