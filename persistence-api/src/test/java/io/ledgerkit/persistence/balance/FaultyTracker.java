package io.ledgerkit.persistence.balance;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory reference tracker behind a switch that makes {@code expireHolds} fail like an
 * unreachable store, fail otherwise, block, or be unsupported (as on a tracker that predates
 * exactly-once tracking). Everything else is the real tracker.
 */
final class FaultyTracker implements BalanceTracker {

  enum Mode {
    WORKING,
    STORE_DOWN,
    BROKEN,
    UNSUPPORTED
  }

  final InMemoryBalanceTracker real;
  volatile Mode mode = Mode.WORKING;
  final AtomicInteger expireCalls = new AtomicInteger();

  /** When set, each expireHolds call counts {@code entered} down and waits for {@code release}. */
  volatile CountDownLatch entered;

  volatile CountDownLatch release;

  FaultyTracker(InMemoryBalanceTracker real) {
    this.real = real;
  }

  @Override
  public List<Hold> expireHolds(int limit) {
    expireCalls.incrementAndGet();
    CountDownLatch in = entered;
    if (in != null) {
      in.countDown();
      try {
        if (!release.await(10, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test gate not released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return switch (mode) {
      case WORKING -> real.expireHolds(limit);
      case STORE_DOWN ->
          throw BalanceStoreUnavailableException.notApplied("cannot reach the store (test)", null);
      case BROKEN -> throw new IllegalStateException("broken (test)");
      case UNSUPPORTED -> BalanceTracker.super.expireHolds(limit);
    };
  }

  @Override
  public AccountBalance balance(AccountId account) {
    return real.balance(account);
  }

  @Override
  public PrepareResult prepare(PrepareRequest request) {
    return real.prepare(request);
  }

  @Override
  public AccountBalance reject(PrepareResult prepare) {
    return real.reject(prepare);
  }

  @Override
  public FulfillResult fulfill(FulfillRequest request) {
    return real.fulfill(request);
  }

  @Override
  public SettlementOutcome settlementSucceeded(SettlementId id) {
    return real.settlementSucceeded(id);
  }

  @Override
  public SettlementOutcome settlementFailed(SettlementId id) {
    return real.settlementFailed(id);
  }

  @Override
  public List<PendingSettlement> pendingSettlements(AccountId account) {
    return real.pendingSettlements(account);
  }

  @Override
  public List<PendingSettlement> pendingSettlements() {
    return real.pendingSettlements();
  }

  @Override
  public SettlementPage pendingSettlements(String cursor, int limit) {
    return real.pendingSettlements(cursor, limit);
  }

  @Override
  public IncomingSettlementResult incomingSettlement(
      String idempotencyKey, AccountId account, long amount) {
    return real.incomingSettlement(idempotencyKey, account, amount);
  }

  @Override
  public List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests) {
    return real.prepareAll(requests);
  }

  @Override
  public List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests) {
    return real.fulfillAll(requests);
  }

  @Override
  public List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares) {
    return real.rejectAll(prepares);
  }

  @Override
  public void close() {
    real.close();
  }

  @Override
  public String toString() {
    return "FaultyTracker[" + mode + "]";
  }
}
