package io.ledgerkit.persistence.balance.internal;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldExpiredException;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.JournalKind;
import io.ledgerkit.persistence.balance.OperationConflictException;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.UnknownHoldException;
import io.ledgerkit.persistence.balance.UnknownSettlementException;
import io.ledgerkit.persistence.balance.internal.InMemoryOp.FulfillOp;
import io.ledgerkit.persistence.balance.internal.InMemoryOp.HoldOp;
import io.ledgerkit.persistence.balance.spi.Amounts;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One account of the {@code InMemoryBalanceTracker}: its balance, its operation records (holds and
 * identified fulfills, for exactly-once answers), its held holds, its pending and closed
 * settlements and its journal, pruned by the retention. Not thread-safe: every method runs while
 * the caller holds the account's monitor ({@code synchronized (account)}).
 */
public final class InMemoryAccount {

  private final AccountId id;
  private final Retention retention;
  private final InMemoryHoldIndex holds;
  private final InMemorySettlementIndex settlements;
  private long clearing;
  private long prepaid;
  private long journalSequence;
  private final Map<UUID, Sequenced> pending = new LinkedHashMap<>();
  private final Map<UUID, SettlementOutcome> closedSettlements = new HashMap<>();
  private final Map<OperationId, InMemoryOp> ops = new HashMap<>();
  private final Map<OperationId, HoldOp> held = new LinkedHashMap<>();
  private final ArrayDeque<Resolved> resolved = new ArrayDeque<>();
  private final ArrayDeque<JournalEntry> journal = new ArrayDeque<>();

  /**
   * Creates an account at zero.
   *
   * @param id the account
   * @param retention how long resolved operations and journal entries are kept
   * @param holds the tracker's index of held holds
   * @param settlements the tracker's index of pending settlements
   */
  public InMemoryAccount(
      AccountId id,
      Retention retention,
      InMemoryHoldIndex holds,
      InMemorySettlementIndex settlements) {
    this.id = id;
    this.retention = retention;
    this.holds = holds;
    this.settlements = settlements;
  }

  /**
   * The account's balance now.
   *
   * @return the balance
   */
  public AccountBalance snapshot() {
    return new AccountBalance(id, clearing, prepaid);
  }

  private void append(
      JournalKind kind, String reference, long clearingDelta, long prepaidDelta, Instant at) {
    journal.addLast(
        new JournalEntry(
            id, ++journalSequence, kind, reference, clearingDelta, prepaidDelta, snapshot(), at));
    pruneJournal(at);
  }

  /** Drops journal entries beyond the retention. */
  private void pruneJournal(Instant now) {
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
  private void prune(Instant now) {
    Instant oldest = now.minus(retention.operations());
    while (!resolved.isEmpty() && resolved.peekFirst().at().isBefore(oldest)) {
      InMemoryOp op = ops.get(resolved.peekFirst().id());
      if (!(op instanceof HoldOp h) || h.state != HoldState.HELD) {
        ops.remove(resolved.peekFirst().id());
      }
      resolved.removeFirst();
    }
  }

  private OperationConflictException reused(OperationId opId, String was, String now) {
    return OperationConflictException.reused(id, opId, was, now);
  }

  /**
   * Prepares (holds) an amount.
   *
   * @param request the request
   * @param now the time
   * @return the result, or the first result of a repeated identified request
   */
  public PrepareResult prepare(PrepareRequest request, Instant now) {
    OperationId opId = request.id();
    if (opId != null) {
      prune(now);
      InMemoryOp earlier = ops.get(opId);
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
        JournalKind.PREPARE, opId == null ? null : opId.value(), -fromClearing, -fromPrepaid, now);
    PrepareResult result =
        new PrepareResult(
            id, amount, fromPrepaid, fromClearing, snapshot(), opId, request.expiresAt(), false);
    if (opId != null) {
      HoldOp h = new HoldOp(request, result, holds.nextSequence(), now);
      ops.put(opId, h);
      held.put(opId, h);
      holds.add(h, new HoldRef(id, opId));
    }
    return result;
  }

  private String describe(PrepareRequest r) {
    return OperationConflictException.describePrepare(r.amount(), r.minBalance());
  }

  private HoldOp holdOp(HoldRef ref, Instant now) {
    prune(now);
    InMemoryOp op = ops.get(ref.id());
    if (op instanceof HoldOp h) {
      return h;
    }
    if (op instanceof FulfillOp) {
      throw OperationConflictException.namesAFulfill(ref);
    }
    throw new UnknownHoldException(ref);
  }

  /**
   * Commits a held hold.
   *
   * @param ref the hold
   * @param now the time
   * @return the result, or the first result of a repeated commit
   */
  public HoldResult commit(HoldRef ref, Instant now) {
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

  /**
   * Gives a held hold back.
   *
   * @param ref the hold
   * @param asked the prepare result the caller holds, checked against the hold, or {@code null}
   * @param state the state the hold ends in
   * @param now the time
   * @return the result, or the first result of a repeated release
   */
  public HoldResult release(HoldRef ref, PrepareResult asked, HoldState state, Instant now) {
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
    holds.remove(h);
    h.resolution = new HoldResult(h.hold(), snapshot(), false);
    resolved.addLast(new Resolved(now, h.result.id()));
    return h.resolution;
  }

  /**
   * Gives an unidentified prepare back.
   *
   * @param prepare the prepare
   * @param now the time
   * @return the balance after
   */
  public AccountBalance reject(PrepareResult prepare, Instant now) {
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

  /**
   * Fulfills an amount, opening a settlement past the threshold.
   *
   * @param request the request
   * @param now the time
   * @return the result, or the first result of a repeated identified request
   */
  public FulfillResult fulfill(FulfillRequest request, Instant now) {
    OperationId opId = request.id();
    if (opId != null) {
      prune(now);
      InMemoryOp earlier = ops.get(opId);
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
          id, "fulfill of " + amount + " onto clearing " + clearing + " (prepaid " + prepaid + ")");
    }
    BalanceSettings settings = request.settings();
    long settleAmount = 0;
    if (settings.settleThreshold() != null && newClearing >= settings.settleThreshold()) {
      try {
        settleAmount = Math.subtractExact(newClearing, settings.settleTo());
      } catch (ArithmeticException e) {
        throw new BalanceOverflowException(
            id, "settlement amount clearing " + newClearing + " - settleTo " + settings.settleTo());
      }
    }
    String ref = opId == null ? null : opId.value();
    clearing = newClearing;
    append(JournalKind.FULFILL, ref, amount, 0, now);
    PendingSettlement settlement = null;
    if (settleAmount > 0) {
      settlement = new PendingSettlement(SettlementId.random(id), id, settleAmount);
      pending.put(
          settlement.id().key(), new Sequenced(settlements.add(settlement.id()), settlement));
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

  /**
   * Closes a pending settlement.
   *
   * @param id the settlement
   * @param status how it ended
   * @param now the time
   * @return the outcome, or the first outcome of a repeated close
   */
  public SettlementOutcome close(SettlementId id, SettlementOutcome.Status status, Instant now) {
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
    settlements.remove(open.sequence());
    SettlementOutcome outcome = new SettlementOutcome(s, status);
    closedSettlements.put(id.key(), outcome);
    return outcome;
  }

  /**
   * The account's pending settlements, oldest first.
   *
   * @return the settlements
   */
  public List<PendingSettlement> pendingList() {
    List<PendingSettlement> list = new ArrayList<>(pending.size());
    for (Sequenced s : pending.values()) {
      list.add(s.settlement());
    }
    return List.copyOf(list);
  }

  /**
   * Applies an incoming settlement (the caller checked its idempotency key).
   *
   * @param key the idempotency key
   * @param amount the amount
   * @param now the time
   * @return the result
   */
  public IncomingSettlementResult incoming(String key, long amount, Instant now) {
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

  /**
   * A hold of this account by its operation id, held or resolved (until its record is pruned).
   *
   * @param opId the operation id
   * @param now the time
   * @return the hold, or empty
   */
  public Optional<Hold> hold(OperationId opId, Instant now) {
    prune(now);
    InMemoryOp op = ops.get(opId);
    return op instanceof HoldOp h ? Optional.of(h.hold()) : Optional.empty();
  }

  /**
   * The account's held holds, oldest first.
   *
   * @return the holds
   */
  public List<Hold> heldHolds() {
    List<Hold> out = new ArrayList<>(held.size());
    for (HoldOp h : held.values()) {
      out.add(h.hold());
    }
    return List.copyOf(out);
  }

  /** The hold of an operation id if it is still the held hold of that creation sequence. */
  HoldOp heldAt(OperationId opId, long sequence) {
    HoldOp h = held.get(opId);
    return h != null && h.sequence == sequence ? h : null;
  }

  /**
   * Journal entries from a sequence on.
   *
   * @param fromSequence the first sequence wanted
   * @param limit at most this many
   * @param now the time, for the retention
   * @return the entries, oldest first
   */
  public List<JournalEntry> journal(long fromSequence, int limit, Instant now) {
    pruneJournal(now);
    List<JournalEntry> out = new ArrayList<>(Math.min(limit, journal.size()));
    for (JournalEntry e : journal) {
      if (e.sequence() >= fromSequence) {
        out.add(e);
        if (out.size() == limit) {
          break;
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * A pending settlement of this account, if the index entry at {@code sequence} still names it.
   *
   * @param id the settlement
   * @param sequence its position in the tracker's settlement index
   * @return the settlement, or {@code null} when it was closed
   */
  PendingSettlement pendingAt(SettlementId id, long sequence) {
    Sequenced s = pending.get(id.key());
    return s != null && s.sequence() == sequence ? s.settlement() : null;
  }

  private record Sequenced(long sequence, PendingSettlement settlement) {}

  record Resolved(Instant at, OperationId id) {}
}
