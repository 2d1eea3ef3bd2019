package io.ledgerkit.persistence.balance;

import static io.ledgerkit.persistence.balance.internal.Amounts.requireAccount;
import static io.ledgerkit.persistence.balance.internal.Amounts.requireItems;

import io.ledgerkit.persistence.balance.internal.Amounts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

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

  private final ConcurrentHashMap<AccountId, Account> accounts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, IncomingSettlementResult> incoming =
      new ConcurrentHashMap<>();
  private final Object[] keyStripes = new Object[KEY_STRIPES];
  private final AtomicLong settlementSequence = new AtomicLong();
  private final AtomicLong holdSequence = new AtomicLong();
  private final ConcurrentSkipListMap<Long, HoldRef> held = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListSet<Expiring> expiring = new ConcurrentSkipListSet<>();
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
    Account a = accounts.get(account);
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
    Account a = account(request.account());
    synchronized (a) {
      return a.prepare(request, now());
    }
  }

  @Override
  public AccountBalance reject(PrepareResult prepare) {
    Objects.requireNonNull(prepare, "prepare");
    checkOpen();
    Account a = account(prepare.account());
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
    Account a = accounts.get(hold.account());
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
    Account a = accounts.get(hold.account());
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
    Account a = accounts.get(hold.account());
    if (a == null) {
      return Optional.empty();
    }
    synchronized (a) {
      a.prune(now());
      Op op = a.ops.get(hold.id());
      return op instanceof HoldOp h ? Optional.of(h.hold()) : Optional.empty();
    }
  }

  @Override
  public List<Hold> holds(AccountId account) {
    requireAccount(account);
    checkOpen();
    Account a = accounts.get(account);
    if (a == null) {
      return List.of();
    }
    synchronized (a) {
      List<Hold> out = new ArrayList<>(a.held.size());
      for (HoldOp h : a.held.values()) {
        out.add(h.hold());
      }
      return List.copyOf(out);
    }
  }

  @Override
  public HoldPage holds(String cursor, int limit) {
    Amounts.requireLimit("limit", limit);
    checkOpen();
    long after = parseCursor(cursor);
    List<Hold> page = new ArrayList<>(Math.min(limit, 1024));
    Long last = null;
    for (Map.Entry<Long, HoldRef> e : held.tailMap(after, false).entrySet()) {
      if (page.size() == limit) {
        break;
      }
      Account a = accounts.get(e.getValue().account());
      if (a == null) {
        continue;
      }
      synchronized (a) {
        HoldOp h = a.held.get(e.getValue().id());
        if (h != null && h.sequence == e.getKey()) {
          page.add(h.hold());
        }
      }
      last = e.getKey();
    }
    boolean more = last != null && held.higherKey(last) != null;
    return new HoldPage(page, more ? Long.toString(last) : null);
  }

  @Override
  public List<Hold> expireHolds(int limit) {
    Amounts.requireLimit("limit", limit);
    checkOpen();
    Instant now = now();
    List<Hold> out = new ArrayList<>();
    Expiring next = expiring.ceiling(Expiring.FIRST);
    while (out.size() < limit && next != null && next.expiresAt <= now.toEpochMilli()) {
      Expiring due = next;
      next = expiring.higher(due);
      if (!expiring.remove(due)) {
        continue; // another caller took it
      }
      Account a = accounts.get(due.ref.account());
      if (a == null) {
        continue;
      }
      synchronized (a) {
        HoldOp h = a.held.get(due.ref.id());
        if (h != null && h.sequence == due.sequence) {
          try {
            out.add(a.expire(h, now).hold());
          } catch (BalanceOverflowException e) {
            // giving the split back would leave the 64-bit range: the hold stays held and due,
            // a later sweep retries it; the others are released now
            expiring.add(due);
          }
        }
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<JournalEntry> journal(AccountId account, long fromSequence, int limit) {
    requireAccount(account);
    Amounts.requireSequence(fromSequence);
    Amounts.requireLimit("limit", limit);
    checkOpen();
    Account a = accounts.get(account);
    if (a == null) {
      return List.of();
    }
    synchronized (a) {
      a.pruneJournal(now());
      List<JournalEntry> out = new ArrayList<>(Math.min(limit, a.journal.size()));
      for (JournalEntry e : a.journal) {
        if (e.sequence() >= fromSequence) {
          out.add(e);
          if (out.size() == limit) {
            break;
          }
        }
      }
      return List.copyOf(out);
    }
  }

  @Override
  public FulfillResult fulfill(FulfillRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    Account a = account(request.account());
    synchronized (a) {
      return a.fulfill(request, settlementSequence, now());
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
    if (id == null) {
      throw new NullPointerException("settlement id must not be null");
    }
    checkOpen();
    Account a = accounts.get(id.account());
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
    Account a = accounts.get(account);
    if (a == null) {
      return List.of();
    }
    synchronized (a) {
      return a.pendingList();
    }
  }

  @Override
  public List<PendingSettlement> pendingSettlements() {
    checkOpen();
    List<Sequenced> all = new ArrayList<>();
    for (Account a : accounts.values()) {
      synchronized (a) {
        all.addAll(a.pending.values());
      }
    }
    all.sort(Comparator.comparingLong(Sequenced::sequence));
    List<PendingSettlement> result = new ArrayList<>(all.size());
    for (Sequenced s : all) {
      result.add(s.settlement());
    }
    return List.copyOf(result);
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
      Account a = account(account);
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

  private Account account(AccountId id) {
    return accounts.computeIfAbsent(id, Account::new);
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the in-memory balance tracker is closed");
    }
  }

  private static long parseCursor(String cursor) {
    if (cursor == null) {
      return 0;
    }
    try {
      long v = Long.parseLong(cursor);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new IllegalArgumentException(
        "hold cursor '"
            + cursor
            + "' was not returned by this tracker; pass null for the first page, then"
            + " HoldPage.next()");
  }

  private record Sequenced(long sequence, PendingSettlement settlement) {}

  private record Expiring(long expiresAt, long sequence, HoldRef ref)
      implements Comparable<Expiring> {
    /** Sorts before every real entry. */
    static final Expiring FIRST = new Expiring(Long.MIN_VALUE, Long.MIN_VALUE, null);

    @Override
    public int compareTo(Expiring o) {
      int c = Long.compare(expiresAt, o.expiresAt);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }

  /** What an operation id names within its account. */
  private sealed interface Op permits HoldOp, FulfillOp {}

  /** An identified prepare; mutable only under the account's monitor. */
  private static final class HoldOp implements Op {
    final PrepareRequest request;
    final PrepareResult result;
    final long sequence;
    final Instant createdAt;
    HoldState state = HoldState.HELD;
    Instant resolvedAt;
    HoldResult resolution;

    HoldOp(PrepareRequest request, PrepareResult result, long sequence, Instant createdAt) {
      this.request = request;
      this.result = result;
      this.sequence = sequence;
      this.createdAt = createdAt;
    }

    Hold hold() {
      return new Hold(
          result.account(),
          result.id(),
          result.amount(),
          result.fromPrepaid(),
          result.fromClearing(),
          createdAt,
          result.expiresAt(),
          state,
          resolvedAt);
    }
  }

  private record FulfillOp(FulfillRequest request, FulfillResult result, Instant at)
      implements Op {}

  private record Resolved(Instant at, OperationId id) {}

  /** One account's state; every method runs while holding the account's monitor. */
  private final class Account {
    private final AccountId id;
    private long clearing;
    private long prepaid;
    private long journalSequence;
    private final Map<UUID, Sequenced> pending = new LinkedHashMap<>();
    private final Map<UUID, SettlementOutcome> closedSettlements = new HashMap<>();
    private final Map<OperationId, Op> ops = new HashMap<>();
    private final Map<OperationId, HoldOp> held = new LinkedHashMap<>();
    private final ArrayDeque<Resolved> resolved = new ArrayDeque<>();
    private final ArrayDeque<JournalEntry> journal = new ArrayDeque<>();

    Account(AccountId id) {
      this.id = id;
    }

    AccountBalance snapshot() {
      return new AccountBalance(id, clearing, prepaid);
    }

    private void append(
        JournalKind kind, String reference, long clearingDelta, long prepaidDelta, Instant at) {
      journal.addLast(
          new JournalEntry(
              id, ++journalSequence, kind, reference, clearingDelta, prepaidDelta, snapshot(), at));
      pruneJournal(at);
    }

    void pruneJournal(Instant now) {
      long max = retention.journalEntries();
      while (max > 0 && journal.size() > max) {
        journal.removeFirst();
      }
      if (retention.journalAge() != null) {
        Instant oldest = now.minus(retention.journalAge());
        while (!journal.isEmpty() && journal.peekFirst().at().isBefore(oldest)) {
          journal.removeFirst();
        }
      }
    }

    /** Forgets resolved operation records older than the retention. */
    void prune(Instant now) {
      Instant oldest = now.minus(retention.operations());
      while (!resolved.isEmpty() && resolved.peekFirst().at().isBefore(oldest)) {
        Op op = ops.get(resolved.peekFirst().id());
        if (!(op instanceof HoldOp h) || h.state != HoldState.HELD) {
          ops.remove(resolved.peekFirst().id());
        }
        resolved.removeFirst();
      }
    }

    private OperationConflictException reused(OperationId opId, String was, String now) {
      return OperationConflictException.reused(id, opId, was, now);
    }

    PrepareResult prepare(PrepareRequest request, Instant now) {
      OperationId opId = request.id();
      if (opId != null) {
        prune(now);
        Op earlier = ops.get(opId);
        if (earlier instanceof HoldOp h) {
          if (h.request.sameRequestAs(request)) {
            return h.result.asReplay();
          }
          throw reused(opId, describe(h.request), describe(request));
        }
        if (earlier instanceof FulfillOp f) {
          throw reused(
              opId,
              OperationConflictException.describeFulfill(f.request().amount()),
              describe(request));
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(now)) {
          throw HoldExpiredException.beforePrepare(new HoldRef(id, opId), request.expiresAt(), now);
        }
      }
      long amount = request.amount();
      long net = clearing + prepaid; // kept within range by every operation
      Long min = request.minBalance();
      if (min != null && Amounts.fallsBelow(net, amount, min)) {
        throw new InsufficientBalanceException(id, amount, net, min);
      }
      long fromPrepaid = Math.min(prepaid, amount);
      long fromClearing = amount - fromPrepaid;
      long newClearing;
      try {
        newClearing = Math.subtractExact(clearing, fromClearing);
      } catch (ArithmeticException e) {
        throw new BalanceOverflowException(
            id, "clearing " + clearing + " - " + fromClearing + " (prepare of " + amount + ")");
      }
      clearing = newClearing;
      prepaid -= fromPrepaid;
      append(
          JournalKind.PREPARE,
          opId == null ? null : opId.value(),
          -fromClearing,
          -fromPrepaid,
          now);
      PrepareResult result =
          new PrepareResult(
              id, amount, fromPrepaid, fromClearing, snapshot(), opId, request.expiresAt(), false);
      if (opId != null) {
        HoldOp h = new HoldOp(request, result, holdSequence.incrementAndGet(), now);
        ops.put(opId, h);
        held.put(opId, h);
        InMemoryBalanceTracker.this.held.put(h.sequence, new HoldRef(id, opId));
        if (request.expiresAt() != null) {
          expiring.add(
              new Expiring(request.expiresAt().toEpochMilli(), h.sequence, new HoldRef(id, opId)));
        }
      }
      return result;
    }

    private String describe(PrepareRequest r) {
      return OperationConflictException.describePrepare(r.amount(), r.minBalance());
    }

    private HoldOp holdOp(HoldRef ref, Instant now) {
      prune(now);
      Op op = ops.get(ref.id());
      if (op instanceof HoldOp h) {
        return h;
      }
      if (op instanceof FulfillOp) {
        throw OperationConflictException.namesAFulfill(ref);
      }
      throw new UnknownHoldException(ref);
    }

    HoldResult commit(HoldRef ref, Instant now) {
      HoldOp h = holdOp(ref, now);
      switch (h.state) {
        case COMMITTED:
          return h.resolution.asReplay();
        case REJECTED:
          throw OperationConflictException.alreadyResolved(ref, h.state, h.resolvedAt);
        case EXPIRED:
          throw expired(ref, h);
        default:
          break;
      }
      if (h.hold().expiredAt(now)) {
        expire(h, now);
        throw expired(ref, h);
      }
      h.state = HoldState.COMMITTED;
      h.resolvedAt = now;
      append(JournalKind.COMMIT, ref.id().value(), 0, 0, now);
      return resolve(h, now);
    }

    private HoldExpiredException expired(HoldRef ref, HoldOp h) {
      return HoldExpiredException.released(h.hold());
    }

    HoldResult expire(HoldOp h, Instant now) {
      giveBack(h, JournalKind.EXPIRY, now);
      h.state = HoldState.EXPIRED;
      h.resolvedAt = now;
      return resolve(h, now);
    }

    HoldResult release(HoldRef ref, PrepareResult asked, HoldState state, Instant now) {
      HoldOp h = holdOp(ref, now);
      if (asked != null && asked.amount() != h.result.amount()) {
        throw OperationConflictException.otherAmount(ref, h.result.amount(), asked.amount());
      }
      switch (h.state) {
        case REJECTED:
        case EXPIRED:
          return h.resolution.asReplay();
        case COMMITTED:
          throw OperationConflictException.alreadyResolved(ref, h.state, h.resolvedAt);
        default:
          break;
      }
      giveBack(h, JournalKind.REJECT, now);
      h.state = state;
      h.resolvedAt = now;
      return resolve(h, now);
    }

    private void giveBack(HoldOp h, JournalKind kind, Instant now) {
      PrepareResult p = h.result;
      long newClearing;
      long newPrepaid;
      try {
        newClearing = Math.addExact(clearing, p.fromClearing());
        newPrepaid = Math.addExact(prepaid, p.fromPrepaid());
        Math.addExact(newClearing, newPrepaid);
      } catch (ArithmeticException e) {
        throw new BalanceOverflowException(
            id, "release of hold " + p.id() + " of " + p.amount() + "; it stays held");
      }
      clearing = newClearing;
      prepaid = newPrepaid;
      append(kind, p.id().value(), p.fromClearing(), p.fromPrepaid(), now);
    }

    private HoldResult resolve(HoldOp h, Instant now) {
      held.remove(h.result.id());
      InMemoryBalanceTracker.this.held.remove(h.sequence);
      if (h.result.expiresAt() != null) {
        expiring.remove(
            new Expiring(h.result.expiresAt().toEpochMilli(), h.sequence, h.hold().ref()));
      }
      h.resolution = new HoldResult(h.hold(), snapshot(), false);
      resolved.addLast(new Resolved(now, h.result.id()));
      return h.resolution;
    }

    AccountBalance reject(PrepareResult prepare, Instant now) {
      long newClearing;
      long newPrepaid;
      try {
        newClearing = Math.addExact(clearing, prepare.fromClearing());
        newPrepaid = Math.addExact(prepaid, prepare.fromPrepaid());
        Math.addExact(newClearing, newPrepaid);
      } catch (ArithmeticException e) {
        throw new BalanceOverflowException(
            id,
            "reject of "
                + prepare.amount()
                + " (clearing "
                + clearing
                + " + "
                + prepare.fromClearing()
                + ", prepaid "
                + prepaid
                + " + "
                + prepare.fromPrepaid()
                + ")");
      }
      clearing = newClearing;
      prepaid = newPrepaid;
      append(JournalKind.REJECT, null, prepare.fromClearing(), prepare.fromPrepaid(), now);
      return snapshot();
    }

    FulfillResult fulfill(FulfillRequest request, AtomicLong sequence, Instant now) {
      OperationId opId = request.id();
      if (opId != null) {
        prune(now);
        Op earlier = ops.get(opId);
        if (earlier instanceof FulfillOp f) {
          if (f.request().sameRequestAs(request)) {
            return f.result().asReplay();
          }
          throw reused(
              opId,
              OperationConflictException.describeFulfill(f.request().amount()),
              OperationConflictException.describeFulfill(request.amount()));
        }
        if (earlier instanceof HoldOp h) {
          throw reused(
              opId,
              describe(h.request),
              OperationConflictException.describeFulfill(request.amount()));
        }
      }
      long amount = request.amount();
      long newClearing;
      try {
        newClearing = Math.addExact(clearing, amount);
        Math.addExact(newClearing, prepaid);
      } catch (ArithmeticException e) {
        throw new BalanceOverflowException(
            id,
            "fulfill of " + amount + " onto clearing " + clearing + " (prepaid " + prepaid + ")");
      }
      BalanceSettings settings = request.settings();
      long settleAmount = 0;
      if (settings.settleThreshold() != null && newClearing >= settings.settleThreshold()) {
        try {
          settleAmount = Math.subtractExact(newClearing, settings.settleTo());
        } catch (ArithmeticException e) {
          throw new BalanceOverflowException(
              id,
              "settlement amount clearing " + newClearing + " - settleTo " + settings.settleTo());
        }
      }
      String ref = opId == null ? null : opId.value();
      clearing = newClearing;
      append(JournalKind.FULFILL, ref, amount, 0, now);
      PendingSettlement settlement = null;
      if (settleAmount > 0) {
        settlement = new PendingSettlement(SettlementId.random(id), id, settleAmount);
        pending.put(settlement.id().key(), new Sequenced(sequence.incrementAndGet(), settlement));
        clearing = settings.settleTo();
        append(JournalKind.SETTLEMENT_OPENED, settlement.id().toString(), -settleAmount, 0, now);
      }
      FulfillResult result = new FulfillResult(snapshot(), settlement, opId, false);
      if (opId != null) {
        ops.put(opId, new FulfillOp(request, result, now));
        resolved.addLast(new Resolved(now, opId));
      }
      return result;
    }

    SettlementOutcome close(SettlementId id, SettlementOutcome.Status status, Instant now) {
      SettlementOutcome done = closedSettlements.get(id.key());
      if (done != null) {
        if (done.status() == status) {
          return done;
        }
        throw SettlementConflictException.alreadyClosed(id, done.status(), status);
      }
      Sequenced open = pending.get(id.key());
      if (open == null) {
        throw new UnknownSettlementException(id);
      }
      PendingSettlement s = open.settlement();
      if (status == SettlementOutcome.Status.FAILED) {
        long newClearing;
        try {
          newClearing = Math.addExact(clearing, s.amount());
          Math.addExact(newClearing, prepaid);
        } catch (ArithmeticException e) {
          throw new BalanceOverflowException(
              this.id,
              "failed settlement "
                  + id
                  + " of "
                  + s.amount()
                  + " back onto clearing "
                  + clearing
                  + "; it stays pending");
        }
        clearing = newClearing;
        append(JournalKind.SETTLEMENT_FAILED, id.toString(), s.amount(), 0, now);
      } else {
        append(JournalKind.SETTLEMENT_SUCCEEDED, id.toString(), 0, 0, now);
      }
      pending.remove(id.key());
      SettlementOutcome outcome = new SettlementOutcome(s, status);
      closedSettlements.put(id.key(), outcome);
      return outcome;
    }

    List<PendingSettlement> pendingList() {
      List<PendingSettlement> list = new ArrayList<>(pending.size());
      for (Sequenced s : pending.values()) {
        list.add(s.settlement());
      }
      return List.copyOf(list);
    }

    IncomingSettlementResult incoming(String key, long amount, Instant now) {
      long toClearing = 0;
      if (clearing < 0) {
        // clearing + amount cannot overflow: clearing is negative and amount is not
        toClearing = clearing + amount <= 0 ? amount : -clearing;
      }
      long toPrepaid = amount - toClearing;
      long newPrepaid;
      long newClearing = clearing + toClearing;
      try {
        newPrepaid = Math.addExact(prepaid, toPrepaid);
        Math.addExact(newClearing, newPrepaid);
      } catch (ArithmeticException e) {
        throw new BalanceOverflowException(
            id,
            "incoming settlement '"
                + key
                + "' of "
                + amount
                + " (prepaid "
                + prepaid
                + " + "
                + toPrepaid
                + ", clearing "
                + clearing
                + ")");
      }
      clearing = newClearing;
      prepaid = newPrepaid;
      append(JournalKind.INCOMING_SETTLEMENT, key, toClearing, toPrepaid, now);
      return new IncomingSettlementResult(key, id, amount, toClearing, toPrepaid, snapshot());
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
