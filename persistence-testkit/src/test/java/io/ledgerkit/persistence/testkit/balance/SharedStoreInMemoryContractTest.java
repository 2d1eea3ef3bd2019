package io.ledgerkit.persistence.testkit.balance;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldPage;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.SettlementPage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;

/**
 * Runs the contract as a shared, long-lived store would: every tracker from {@link
 * #createTracker()} is a view of one in-memory tracker that lives as long as the class (and holds
 * the other tests' holds), so the cases that need {@link #trackersShareTheirStore()} (crash
 * recovery, expiry from two trackers, reading back what a closed tracker applied) run on the
 * reference too, before a Redis or PostgreSQL tracker meets them.
 */
@DisplayName(
    "InMemoryBalanceTracker as a shared store (one store, many trackers) passes the contract")
class SharedStoreInMemoryContractTest extends BalanceTrackerContract {

  private static final InMemoryBalanceTracker STORE = InMemoryBalanceTracker.configure().start();

  @Override
  protected BalanceTracker createTracker() {
    return new View(STORE);
  }

  /** One "connection" to the shared store: closing it closes only the view. */
  private static final class View implements BalanceTracker {
    private final BalanceTracker store;
    private volatile boolean closed;

    View(BalanceTracker store) {
      this.store = store;
    }

    private BalanceTracker open() {
      if (closed) {
        throw new IllegalStateException("this view of the shared store is closed");
      }
      return store;
    }

    @Override
    public AccountBalance balance(AccountId account) {
      return open().balance(account);
    }

    @Override
    public PrepareResult prepare(PrepareRequest request) {
      return open().prepare(request);
    }

    @Override
    public AccountBalance reject(PrepareResult prepare) {
      return open().reject(prepare);
    }

    @Override
    public HoldResult commit(HoldRef hold) {
      return open().commit(hold);
    }

    @Override
    public HoldResult reject(HoldRef hold) {
      return open().reject(hold);
    }

    @Override
    public List<Outcome<HoldResult>> commitHolds(List<HoldRef> holds) {
      return open().commitHolds(holds);
    }

    @Override
    public List<Outcome<HoldResult>> rejectHolds(List<HoldRef> holds) {
      return open().rejectHolds(holds);
    }

    @Override
    public Optional<Hold> hold(HoldRef hold) {
      return open().hold(hold);
    }

    @Override
    public List<Hold> holds(AccountId account) {
      return open().holds(account);
    }

    @Override
    public HoldPage holds(String cursor, int limit) {
      return open().holds(cursor, limit);
    }

    @Override
    public List<Hold> expireHolds(int limit) {
      return open().expireHolds(limit);
    }

    @Override
    public List<JournalEntry> journal(AccountId account, long fromSequence, int limit) {
      return open().journal(account, fromSequence, limit);
    }

    @Override
    public FulfillResult fulfill(FulfillRequest request) {
      return open().fulfill(request);
    }

    @Override
    public SettlementOutcome settlementSucceeded(SettlementId id) {
      return open().settlementSucceeded(id);
    }

    @Override
    public SettlementOutcome settlementFailed(SettlementId id) {
      return open().settlementFailed(id);
    }

    @Override
    public List<PendingSettlement> pendingSettlements(AccountId account) {
      return open().pendingSettlements(account);
    }

    @Override
    public List<PendingSettlement> pendingSettlements() {
      return open().pendingSettlements();
    }

    @Override
    public SettlementPage pendingSettlements(String cursor, int limit) {
      return open().pendingSettlements(cursor, limit);
    }

    @Override
    public IncomingSettlementResult incomingSettlement(
        String idempotencyKey, AccountId account, long amount) {
      return open().incomingSettlement(idempotencyKey, account, amount);
    }

    @Override
    public List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests) {
      return open().prepareAll(requests);
    }

    @Override
    public List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests) {
      return open().fulfillAll(requests);
    }

    @Override
    public List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares) {
      return open().rejectAll(prepares);
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
