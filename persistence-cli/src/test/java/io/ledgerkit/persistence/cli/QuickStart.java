package io.ledgerkit.persistence.cli;

// tag::quick-start[]
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.PendingSettlement;

// end::quick-start[]

/**
 * The README's quick start, shown on the page from its {@code quick-start} regions (checked by
 * {@code DocSnippetsTest}) and run by {@link ReadmeSnippetTest}.
 */
final class QuickStart {

  /** What the quick start ends with, for the test to check. */
  record Outcome(long settled, boolean refused, long aliceNet, long bobNet) {}

  private QuickStart() {}

  static Outcome run() {
    // tag::quick-start[]
    BalanceTracker tracker =
        AutoBatchingBalanceTracker.configure(InMemoryBalanceTracker.configure().start()).start();
    AccountId alice = AccountId.of("alice");
    AccountId bob = AccountId.of("bob");

    // A packet from alice to bob: reserve 250 on alice (never below -1,000), then credit bob.
    tracker.prepare(alice, 250, -1_000);
    FulfillResult fulfilled = tracker.fulfill(bob, 250, BalanceSettings.settleAt(200, 0));

    // bob's clearing balance reached the threshold 200: 250 moved into a pending settlement.
    PendingSettlement settlement = fulfilled.pendingSettlement().orElseThrow();
    tracker.settlementSucceeded(settlement.id());

    boolean refused = false;
    try {
      tracker.prepare(alice, 800, -1_000); // would leave -1,050
    } catch (InsufficientBalanceException e) {
      refused = true; // a refusal changes nothing
    }
    long aliceNet = tracker.balance(alice).netBalance(); // -250
    long bobNet = tracker.balance(bob).netBalance(); // 0
    tracker.close();
    // end::quick-start[]
    return new Outcome(settlement.amount(), refused, aliceNet, bobNet);
  }
}
