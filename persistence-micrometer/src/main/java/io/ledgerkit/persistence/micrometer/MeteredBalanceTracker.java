package io.ledgerkit.persistence.micrometer;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldPage;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.SettlementPage;
import io.ledgerkit.persistence.micrometer.internal.Distribution;
import io.ledgerkit.persistence.micrometer.internal.Op;
import io.ledgerkit.persistence.micrometer.internal.Result;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A {@link BalanceTracker} that records every call of the tracker it wraps into a Micrometer {@link
 * MeterRegistry} and otherwise behaves exactly like it: same results, same exceptions, same thread,
 * nothing retried or swallowed. Create it with {@link LedgerkitMetrics#instrument(BalanceTracker)};
 * closing it closes the wrapped tracker.
 *
 * <ul>
 *   <li>{@code ledgerkit.balance.operations} (counter; {@code store}, {@code operation}, {@code
 *       outcome}): one per single call, one per item of a batch call, by outcome: {@code applied},
 *       {@code replayed} (an exactly-once repeat), {@code ok} (a read), {@code insufficient},
 *       {@code conflict}, {@code expired}, {@code overflow}, {@code not_found}, {@code
 *       store_unavailable} (nothing applied), {@code in_doubt} (may have been applied), {@code
 *       invalid}, {@code error}.
 *   <li>{@code ledgerkit.balance.latency} (timer; {@code store}, {@code operation}): one per call,
 *       a batch call once, with the percentiles / histogram {@link LedgerkitMetrics} was built
 *       with.
 *   <li>{@code ledgerkit.balance.holds.created|committed|released|expired} and {@code
 *       ledgerkit.balance.settlements.triggered} (counters; {@code store}): holds made by
 *       identified prepares, committed, released by {@code reject(HoldRef)} and {@code
 *       rejectHolds}, released by {@code expireHolds} (including the hold-expiry scheduler's calls,
 *       when it runs on this tracker); settlements triggered by fulfills. Replays are not counted
 *       again.
 * </ul>
 *
 * <p>Meters are created on first use and then cached; a call costs two clock reads, one timer
 * record and one counter increment.
 */
public final class MeteredBalanceTracker implements BalanceTracker {

  private static final Op[] OPS = Op.values();
  private static final Result[] RESULTS = Result.values();

  private final BalanceTracker delegate;
  private final MeterRegistry registry;
  private final Tags tags;
  private final Distribution distribution;
  private final AtomicReferenceArray<Counter> counters =
      new AtomicReferenceArray<>(OPS.length * RESULTS.length);
  private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(OPS.length);
  private final Counter holdsCreated;
  private final Counter holdsCommitted;
  private final Counter holdsReleased;
  private final Counter holdsExpired;
  private final Counter settlementsTriggered;

  MeteredBalanceTracker(
      BalanceTracker delegate, MeterRegistry registry, Tags tags, Distribution distribution) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.registry = registry;
    this.tags = tags;
    this.distribution = distribution;
    this.holdsCreated =
        holdCounter("created", "Holds made by identified prepares (replays not counted)");
    this.holdsCommitted = holdCounter("committed", "Holds committed (replays not counted)");
    this.holdsReleased =
        holdCounter(
            "released", "Holds released by reject(HoldRef) or rejectHolds (replays not counted)");
    this.holdsExpired = holdCounter("expired", "Holds released by expireHolds");
    this.settlementsTriggered =
        Counter.builder("ledgerkit.balance.settlements.triggered")
            .description("Pending settlements triggered by fulfills (replays not counted)")
            .baseUnit("settlements")
            .tags(tags)
            .register(registry);
  }

  private Counter holdCounter(String event, String description) {
    return Counter.builder("ledgerkit.balance.holds." + event)
        .description(description)
        .baseUnit("holds")
        .tags(tags)
        .register(registry);
  }

  /**
   * The tracker this one records for.
   *
   * @return the wrapped tracker
   */
  public BalanceTracker delegate() {
    return delegate;
  }

  /**
   * The tags on every meter of this tracker: the common tags and {@code store}.
   *
   * @return the tags
   */
  public Tags tags() {
    return tags;
  }

  // ---- recording ----

  private Counter counter(Op op, Result result) {
    int i = op.ordinal() * RESULTS.length + result.ordinal();
    Counter c = counters.get(i);
    if (c == null) {
      c =
          Counter.builder("ledgerkit.balance.operations")
              .description("Balance operations by kind and outcome (batch items one each)")
              .baseUnit("operations")
              .tags(tags)
              .tag("operation", op.tag())
              .tag("outcome", result.tag())
              .register(registry);
      counters.set(i, c);
    }
    return c;
  }

  private void time(Op op, long start) {
    long nanos = System.nanoTime() - start;
    Timer t = timers.get(op.ordinal());
    if (t == null) {
      t =
          distribution
              .apply(
                  Timer.builder("ledgerkit.balance.latency")
                      .description("Time of one tracker call (a batch call once)"))
              .tags(tags)
              .tag("operation", op.tag())
              .register(registry);
      timers.set(op.ordinal(), t);
    }
    t.record(nanos, TimeUnit.NANOSECONDS);
  }

  private void count(Op op, Result result, int n) {
    if (n > 0) {
      counter(op, result).increment(n);
    }
  }

  private void ok(Op op) {
    counter(op, op.write() ? Result.APPLIED : Result.OK).increment();
  }

  private void failed(Op op, RuntimeException e) {
    counter(op, Result.of(e)).increment();
  }

  /** A whole batch call failed: each of its items gets the call's outcome. */
  private void failed(Op op, List<?> items, RuntimeException e) {
    count(op, Result.of(e), items == null ? 1 : Math.max(1, items.size()));
  }

  private void prepared(Op op, PrepareResult r) {
    if (r.replayed()) {
      counter(op, Result.REPLAYED).increment();
    } else {
      counter(op, Result.APPLIED).increment();
      if (r.identified()) {
        holdsCreated.increment();
      }
    }
  }

  private void fulfilled(Op op, FulfillResult r) {
    if (r.replayed()) {
      counter(op, Result.REPLAYED).increment();
    } else {
      counter(op, Result.APPLIED).increment();
      if (r.settlement() != null) {
        settlementsTriggered.increment();
      }
    }
  }

  private void resolved(Op op, HoldResult r, boolean commit) {
    if (r.replayed()) {
      counter(op, Result.REPLAYED).increment();
    } else {
      counter(op, Result.APPLIED).increment();
      (commit ? holdsCommitted : holdsReleased).increment();
    }
  }

  // ---- the tracker ----

  @Override
  public AccountBalance balance(AccountId account) {
    long start = System.nanoTime();
    try {
      AccountBalance b = delegate.balance(account);
      ok(Op.BALANCE);
      return b;
    } catch (RuntimeException e) {
      failed(Op.BALANCE, e);
      throw e;
    } finally {
      time(Op.BALANCE, start);
    }
  }

  @Override
  public PrepareResult prepare(PrepareRequest request) {
    long start = System.nanoTime();
    try {
      PrepareResult r = delegate.prepare(request);
      prepared(Op.PREPARE, r);
      return r;
    } catch (RuntimeException e) {
      failed(Op.PREPARE, e);
      throw e;
    } finally {
      time(Op.PREPARE, start);
    }
  }

  @Override
  public AccountBalance reject(PrepareResult prepare) {
    long start = System.nanoTime();
    try {
      AccountBalance b = delegate.reject(prepare);
      ok(Op.REJECT);
      return b;
    } catch (RuntimeException e) {
      failed(Op.REJECT, e);
      throw e;
    } finally {
      time(Op.REJECT, start);
    }
  }

  @Override
  public HoldResult commit(HoldRef hold) {
    long start = System.nanoTime();
    try {
      HoldResult r = delegate.commit(hold);
      resolved(Op.COMMIT, r, true);
      return r;
    } catch (RuntimeException e) {
      failed(Op.COMMIT, e);
      throw e;
    } finally {
      time(Op.COMMIT, start);
    }
  }

  @Override
  public HoldResult reject(HoldRef hold) {
    long start = System.nanoTime();
    try {
      HoldResult r = delegate.reject(hold);
      resolved(Op.REJECT_HOLD, r, false);
      return r;
    } catch (RuntimeException e) {
      failed(Op.REJECT_HOLD, e);
      throw e;
    } finally {
      time(Op.REJECT_HOLD, start);
    }
  }

  @Override
  public List<Outcome<HoldResult>> commitHolds(List<HoldRef> holds) {
    return holdBatch(Op.COMMIT_HOLDS, holds, true);
  }

  @Override
  public List<Outcome<HoldResult>> rejectHolds(List<HoldRef> holds) {
    return holdBatch(Op.REJECT_HOLDS, holds, false);
  }

  private List<Outcome<HoldResult>> holdBatch(Op op, List<HoldRef> holds, boolean commit) {
    long start = System.nanoTime();
    try {
      List<Outcome<HoldResult>> out =
          commit ? delegate.commitHolds(holds) : delegate.rejectHolds(holds);
      for (Outcome<HoldResult> o : out) {
        if (o instanceof Outcome.Success<HoldResult> s) {
          resolved(op, s.value(), commit);
        } else if (o instanceof Outcome.Failure<HoldResult> f) {
          failed(op, f.error());
        }
      }
      return out;
    } catch (RuntimeException e) {
      failed(op, holds, e);
      throw e;
    } finally {
      time(op, start);
    }
  }

  @Override
  public Optional<Hold> hold(HoldRef hold) {
    long start = System.nanoTime();
    try {
      Optional<Hold> h = delegate.hold(hold);
      ok(Op.HOLD);
      return h;
    } catch (RuntimeException e) {
      failed(Op.HOLD, e);
      throw e;
    } finally {
      time(Op.HOLD, start);
    }
  }

  @Override
  public List<Hold> holds(AccountId account) {
    long start = System.nanoTime();
    try {
      List<Hold> h = delegate.holds(account);
      ok(Op.HOLDS);
      return h;
    } catch (RuntimeException e) {
      failed(Op.HOLDS, e);
      throw e;
    } finally {
      time(Op.HOLDS, start);
    }
  }

  @Override
  public HoldPage holds(String cursor, int limit) {
    long start = System.nanoTime();
    try {
      HoldPage p = delegate.holds(cursor, limit);
      ok(Op.HOLDS_PAGE);
      return p;
    } catch (RuntimeException e) {
      failed(Op.HOLDS_PAGE, e);
      throw e;
    } finally {
      time(Op.HOLDS_PAGE, start);
    }
  }

  @Override
  public List<Hold> expireHolds(int limit) {
    long start = System.nanoTime();
    try {
      List<Hold> expired = delegate.expireHolds(limit);
      ok(Op.EXPIRE_HOLDS);
      if (!expired.isEmpty()) {
        holdsExpired.increment(expired.size());
      }
      return expired;
    } catch (RuntimeException e) {
      failed(Op.EXPIRE_HOLDS, e);
      throw e;
    } finally {
      time(Op.EXPIRE_HOLDS, start);
    }
  }

  @Override
  public List<JournalEntry> journal(AccountId account, long fromSequence, int limit) {
    long start = System.nanoTime();
    try {
      List<JournalEntry> j = delegate.journal(account, fromSequence, limit);
      ok(Op.JOURNAL);
      return j;
    } catch (RuntimeException e) {
      failed(Op.JOURNAL, e);
      throw e;
    } finally {
      time(Op.JOURNAL, start);
    }
  }

  @Override
  public FulfillResult fulfill(FulfillRequest request) {
    long start = System.nanoTime();
    try {
      FulfillResult r = delegate.fulfill(request);
      fulfilled(Op.FULFILL, r);
      return r;
    } catch (RuntimeException e) {
      failed(Op.FULFILL, e);
      throw e;
    } finally {
      time(Op.FULFILL, start);
    }
  }

  @Override
  public SettlementOutcome settlementSucceeded(SettlementId id) {
    long start = System.nanoTime();
    try {
      SettlementOutcome o = delegate.settlementSucceeded(id);
      ok(Op.SETTLEMENT_SUCCEEDED);
      return o;
    } catch (RuntimeException e) {
      failed(Op.SETTLEMENT_SUCCEEDED, e);
      throw e;
    } finally {
      time(Op.SETTLEMENT_SUCCEEDED, start);
    }
  }

  @Override
  public SettlementOutcome settlementFailed(SettlementId id) {
    long start = System.nanoTime();
    try {
      SettlementOutcome o = delegate.settlementFailed(id);
      ok(Op.SETTLEMENT_FAILED);
      return o;
    } catch (RuntimeException e) {
      failed(Op.SETTLEMENT_FAILED, e);
      throw e;
    } finally {
      time(Op.SETTLEMENT_FAILED, start);
    }
  }

  @Override
  public List<PendingSettlement> pendingSettlements(AccountId account) {
    long start = System.nanoTime();
    try {
      List<PendingSettlement> p = delegate.pendingSettlements(account);
      ok(Op.PENDING_SETTLEMENTS);
      return p;
    } catch (RuntimeException e) {
      failed(Op.PENDING_SETTLEMENTS, e);
      throw e;
    } finally {
      time(Op.PENDING_SETTLEMENTS, start);
    }
  }

  @Override
  public List<PendingSettlement> pendingSettlements() {
    long start = System.nanoTime();
    try {
      List<PendingSettlement> p = delegate.pendingSettlements();
      ok(Op.ALL_PENDING_SETTLEMENTS);
      return p;
    } catch (RuntimeException e) {
      failed(Op.ALL_PENDING_SETTLEMENTS, e);
      throw e;
    } finally {
      time(Op.ALL_PENDING_SETTLEMENTS, start);
    }
  }

  @Override
  public SettlementPage pendingSettlements(String cursor, int limit) {
    long start = System.nanoTime();
    try {
      SettlementPage p = delegate.pendingSettlements(cursor, limit);
      ok(Op.PENDING_SETTLEMENTS_PAGE);
      return p;
    } catch (RuntimeException e) {
      failed(Op.PENDING_SETTLEMENTS_PAGE, e);
      throw e;
    } finally {
      time(Op.PENDING_SETTLEMENTS_PAGE, start);
    }
  }

  @Override
  public IncomingSettlementResult incomingSettlement(
      String idempotencyKey, AccountId account, long amount) {
    long start = System.nanoTime();
    try {
      IncomingSettlementResult r = delegate.incomingSettlement(idempotencyKey, account, amount);
      ok(Op.INCOMING_SETTLEMENT);
      return r;
    } catch (RuntimeException e) {
      failed(Op.INCOMING_SETTLEMENT, e);
      throw e;
    } finally {
      time(Op.INCOMING_SETTLEMENT, start);
    }
  }

  @Override
  public List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests) {
    long start = System.nanoTime();
    try {
      List<Outcome<PrepareResult>> out = delegate.prepareAll(requests);
      for (Outcome<PrepareResult> o : out) {
        if (o instanceof Outcome.Success<PrepareResult> s) {
          prepared(Op.PREPARE_ALL, s.value());
        } else if (o instanceof Outcome.Failure<PrepareResult> f) {
          failed(Op.PREPARE_ALL, f.error());
        }
      }
      return out;
    } catch (RuntimeException e) {
      failed(Op.PREPARE_ALL, requests, e);
      throw e;
    } finally {
      time(Op.PREPARE_ALL, start);
    }
  }

  @Override
  public List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests) {
    long start = System.nanoTime();
    try {
      List<Outcome<FulfillResult>> out = delegate.fulfillAll(requests);
      for (Outcome<FulfillResult> o : out) {
        if (o instanceof Outcome.Success<FulfillResult> s) {
          fulfilled(Op.FULFILL_ALL, s.value());
        } else if (o instanceof Outcome.Failure<FulfillResult> f) {
          failed(Op.FULFILL_ALL, f.error());
        }
      }
      return out;
    } catch (RuntimeException e) {
      failed(Op.FULFILL_ALL, requests, e);
      throw e;
    } finally {
      time(Op.FULFILL_ALL, start);
    }
  }

  @Override
  public List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares) {
    long start = System.nanoTime();
    try {
      List<Outcome<AccountBalance>> out = delegate.rejectAll(prepares);
      for (Outcome<AccountBalance> o : out) {
        if (o instanceof Outcome.Failure<AccountBalance> f) {
          failed(Op.REJECT_ALL, f.error());
        } else {
          ok(Op.REJECT_ALL);
        }
      }
      return out;
    } catch (RuntimeException e) {
      failed(Op.REJECT_ALL, prepares, e);
      throw e;
    } finally {
      time(Op.REJECT_ALL, start);
    }
  }

  /** Closes the wrapped tracker. The meters stay in the registry. */
  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "MeteredBalanceTracker[" + tags + ", delegate=" + delegate + "]";
  }
}
