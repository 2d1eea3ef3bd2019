package io.ledgerkit.persistence.balance;

import static io.ledgerkit.persistence.balance.spi.Amounts.requireAccount;
import static io.ledgerkit.persistence.balance.spi.Amounts.requireItems;

import io.ledgerkit.persistence.balance.internal.InMemoryAccount;
import io.ledgerkit.persistence.balance.internal.InMemoryHoldIndex;
import io.ledgerkit.persistence.balance.internal.InMemorySettlementIndex;
import io.ledgerkit.persistence.balance.spi.Amounts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link BalanceTracker} that keeps every balance in the JVM's memory: for tests, development and
 * single-process deployments that do not need durability.
 *
 * <p>Every operation is atomic and exact. Each account has its own lock, so operations on different
 * accounts never wait for each other; there is no global lock on the hot path. Incoming settlements
 * are additionally serialized per idempotency key (through a fixed set of lock stripes) so that a
 * key is applied once even when it is reused concurrently with another account. Closed settlements
 * are remembered for the life of the tracker, so that repeating a close answers the same.
 *
 * <p>Holds, operation records and journals follow the {@link Retention} given to the {@link
 * #configure() builder} (by default {@link Retention#defaults()}); expiry is judged by the
 * builder's {@link Clock} (by default the system clock), so tests can move time.
 *
 * <pre>{@code
 * try (BalanceTracker tracker = InMemoryBalanceTracker.configure().start()) {
 *   PrepareResult p = tracker.prepare(AccountId.of("alice"), 100, -1_000);
 *   tracker.reject(p);
 * }
 * }</pre>
 */
public final class InMemoryBalanceTracker implements BalanceTracker {

  private static final int KEY_STRIPES = 64;

  private final ConcurrentHashMap<AccountId, InMemoryAccount> accounts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, IncomingSettlementResult> incoming =
      new ConcurrentHashMap<>();
  private final Object[] keyStripes = new Object[KEY_STRIPES];
  private final InMemoryHoldIndex holds = new InMemoryHoldIndex();
  private final InMemorySettlementIndex settlements = new InMemorySettlementIndex();
  private final Clock clock;
  private final Retention retention;
  private volatile boolean closed;

  private InMemoryBalanceTracker(Clock clock, Retention retention) {
    this.clock = clock;
    this.retention = retention;
    for (int i = 0; i < KEY_STRIPES; i++) {
      keyStripes[i] = new Object();
    }
  }

  /**
   * Starts configuring a tracker.
   *
   * @return a builder with the system clock and {@link Retention#defaults()}
   */
  public static Builder configure() {
    return new Builder();
  }

  /**
   * The retention this tracker applies.
   *
   * @return the retention
   */
  public Retention retention() {
    return retention;
  }

  @Override
  public AccountBalance balance(AccountId account) {
    requireAccount(account);
    checkOpen();
    InMemoryAccount a = accounts.get(account);
    if (a == null) {
      return AccountBalance.zero(account);
    }
    synchronized (a) {
      return a.snapshot();
    }
  }

  @Override
  public PrepareResult prepare(PrepareRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    InMemoryAccount a = account(request.account());
    synchronized (a) {
      return a.prepare(request, now());
    }
  }

  @Override
  public AccountBalance reject(PrepareResult prepare) {
    Objects.requireNonNull(prepare, "prepare");
    checkOpen();
    InMemoryAccount a = account(prepare.account());
    synchronized (a) {
      if (prepare.id() != null) {
        return a.release(
                new HoldRef(prepare.account(), prepare.id()), prepare, HoldState.REJECTED, now())
            .balance();
      }
      return a.reject(prepare, now());
    }
  }

  @Override
  public HoldResult commit(HoldRef hold) {
    Objects.requireNonNull(hold, "hold");
    checkOpen();
    InMemoryAccount a = accounts.get(hold.account());
    if (a == null) {
      throw new UnknownHoldException(hold);
    }
    synchronized (a) {
      return a.commit(hold, now());
    }
  }

  @Override
  public HoldResult reject(HoldRef hold) {
    Objects.requireNonNull(hold, "hold");
    checkOpen();
    InMemoryAccount a = accounts.get(hold.account());
    if (a == null) {
      throw new UnknownHoldException(hold);
    }
    synchronized (a) {
      return a.release(hold, null, HoldState.REJECTED, now());
    }
  }

  @Override
  public List<Outcome<HoldResult>> commitHolds(List<HoldRef> holds) {
    requireItems("holds", holds);
    checkOpen();
    return BalanceTracker.super.commitHolds(holds);
  }

  @Override
  public List<Outcome<HoldResult>> rejectHolds(List<HoldRef> holds) {
    requireItems("holds", holds);
    checkOpen();
    return BalanceTracker.super.rejectHolds(holds);
  }

  @Override
  public Optional<Hold> hold(HoldRef hold) {
    Objects.requireNonNull(hold, "hold");
    checkOpen();
    InMemoryAccount a = accounts.get(hold.account());
    if (a == null) {
      return Optional.empty();
    }
    synchronized (a) {
      return a.hold(hold.id(), now());
    }
  }

  @Override
  public List<Hold> holds(AccountId account) {
    requireAccount(account);
    checkOpen();
    InMemoryAccount a = accounts.get(account);
    if (a == null) {
      return List.of();
    }
    synchronized (a) {
      return a.heldHolds();
    }
  }

  @Override
  public HoldPage holds(String cursor, int limit) {
    Amounts.requireLimit("limit", limit);
    checkOpen();
    long after = Amounts.requireSequenceCursor(cursor);
    return holds.page(after, limit, accounts::get);
  }

  @Override
  public List<Hold> expireHolds(int limit) {
    Amounts.requireLimit("limit", limit);
    checkOpen();
    return holds.expire(limit, now(), accounts::get);
  }

  @Override
  public List<JournalEntry> journal(AccountId account, long fromSequence, int limit) {
    requireAccount(account);
    Amounts.requireSequence(fromSequence);
    Amounts.requireLimit("limit", limit);
    checkOpen();
    InMemoryAccount a = accounts.get(account);
    if (a == null) {
      return List.of();
    }
    synchronized (a) {
      return a.journal(fromSequence, limit, now());
    }
  }

  @Override
  public FulfillResult fulfill(FulfillRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    InMemoryAccount a = account(request.account());
    synchronized (a) {
      return a.fulfill(request, now());
    }
  }

  @Override
  public SettlementOutcome settlementSucceeded(SettlementId id) {
    return close(id, SettlementOutcome.Status.SUCCEEDED);
  }

  @Override
  public SettlementOutcome settlementFailed(SettlementId id) {
    return close(id, SettlementOutcome.Status.FAILED);
  }

  private SettlementOutcome close(SettlementId id, SettlementOutcome.Status status) {
    Amounts.requireSettlement(id);
    checkOpen();
    InMemoryAccount a = accounts.get(id.account());
    if (a == null) {
      throw new UnknownSettlementException(id);
    }
    synchronized (a) {
      return a.close(id, status, now());
    }
  }

  @Override
  public List<PendingSettlement> pendingSettlements(AccountId account) {
    requireAccount(account);
    checkOpen();
    InMemoryAccount a = accounts.get(account);
    if (a == null) {
      return List.of();
    }
    synchronized (a) {
      return a.pendingList();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keyset pages over the tracker's index of pending settlements, in the order they were opened.
   */
  @Override
  public SettlementPage pendingSettlements(String cursor, int limit) {
    Amounts.requireLimit("limit", limit);
    checkOpen();
    long after = Amounts.requireSettlementCursor(cursor);
    return settlements.page(after, limit, accounts::get);
  }

  @Override
  public IncomingSettlementResult incomingSettlement(
      String idempotencyKey, AccountId account, long amount) {
    Amounts.requireIdempotencyKey(idempotencyKey);
    requireAccount(account);
    Amounts.requireNonNegative("amount", amount);
    checkOpen();
    Object stripe = keyStripes[Math.floorMod(idempotencyKey.hashCode(), KEY_STRIPES)];
    synchronized (stripe) {
      IncomingSettlementResult earlier = incoming.get(idempotencyKey);
      if (earlier != null) {
        if (!earlier.account().equals(account) || earlier.amount() != amount) {
          throw SettlementConflictException.keyReused(
              idempotencyKey, earlier.account(), earlier.amount(), account, amount);
        }
        return earlier;
      }
      InMemoryAccount a = account(account);
      IncomingSettlementResult result;
      synchronized (a) {
        result = a.incoming(idempotencyKey, amount, now());
      }
      incoming.put(idempotencyKey, result);
      return result;
    }
  }

  @Override
  public List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests) {
    requireItems("requests", requests);
    checkOpen();
    List<Outcome<PrepareResult>> out = new ArrayList<>(requests.size());
    for (PrepareRequest r : requests) {
      try {
        out.add(Outcome.success(prepare(r)));
      } catch (BalanceException e) {
        out.add(Outcome.failure(e));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests) {
    requireItems("requests", requests);
    checkOpen();
    List<Outcome<FulfillResult>> out = new ArrayList<>(requests.size());
    for (FulfillRequest r : requests) {
      try {
        out.add(Outcome.success(fulfill(r)));
      } catch (BalanceException e) {
        out.add(Outcome.failure(e));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares) {
    requireItems("prepares", prepares);
    checkOpen();
    List<Outcome<AccountBalance>> out = new ArrayList<>(prepares.size());
    for (PrepareResult p : prepares) {
      try {
        out.add(Outcome.success(reject(p)));
      } catch (BalanceException e) {
        out.add(Outcome.failure(e));
      }
    }
    return List.copyOf(out);
  }

  /** Marks the tracker closed; later calls fail with {@link IllegalStateException}. Idempotent. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "InMemoryBalanceTracker[" + accounts.size() + " accounts]";
  }

  private InMemoryAccount account(AccountId id) {
    return accounts.computeIfAbsent(id, k -> new InMemoryAccount(k, retention, holds, settlements));
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the in-memory balance tracker is closed");
    }
  }

  /** Configures an {@link InMemoryBalanceTracker}; every option has a default. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private Retention retention = Retention.defaults();

    private Builder() {}

    /**
     * Sets the clock that judges expiry and stamps holds and journal entries.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Sets how long resolved operations and journal entries are kept.
     *
     * @param retention the retention
     * @return this builder
     */
    public Builder retention(Retention retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * Builds the tracker.
     *
     * @return an empty tracker
     */
    public InMemoryBalanceTracker start() {
      return new InMemoryBalanceTracker(clock, retention);
    }
  }
}
