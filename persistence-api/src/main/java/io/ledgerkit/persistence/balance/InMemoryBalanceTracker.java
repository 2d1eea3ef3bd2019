package io.ledgerkit.persistence.balance;

import static io.ledgerkit.persistence.balance.internal.Amounts.requireAccount;
import static io.ledgerkit.persistence.balance.internal.Amounts.requireItems;

import io.ledgerkit.persistence.balance.internal.Amounts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * <pre>{@code
 * try (BalanceTracker tracker = InMemoryBalanceTracker.create()) {
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
  private volatile boolean closed;

  private InMemoryBalanceTracker() {
    for (int i = 0; i < KEY_STRIPES; i++) {
      keyStripes[i] = new Object();
    }
  }

  /**
   * Creates an empty tracker: every account starts at zero.
   *
   * @return a new tracker
   */
  public static InMemoryBalanceTracker create() {
    return new InMemoryBalanceTracker();
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
      return a.prepare(request);
    }
  }

  @Override
  public AccountBalance reject(PrepareResult prepare) {
    Objects.requireNonNull(prepare, "prepare");
    checkOpen();
    Account a = account(prepare.account());
    synchronized (a) {
      return a.reject(prepare);
    }
  }

  @Override
  public FulfillResult fulfill(FulfillRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    Account a = account(request.account());
    synchronized (a) {
      return a.fulfill(request, settlementSequence);
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
      return a.close(id, status);
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
          throw new SettlementConflictException(
              "idempotency key '"
                  + idempotencyKey
                  + "' was used for an incoming settlement of "
                  + earlier.amount()
                  + " on account "
                  + earlier.account()
                  + "; it cannot be reused for "
                  + amount
                  + " on account "
                  + account
                  + "; nothing changed");
        }
        return earlier;
      }
      Account a = account(account);
      IncomingSettlementResult result;
      synchronized (a) {
        result = a.incoming(idempotencyKey, amount);
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

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the in-memory balance tracker is closed");
    }
  }

  private record Sequenced(long sequence, PendingSettlement settlement) {}

  /** One account's state; every method runs while holding the account's monitor. */
  private static final class Account {
    private final AccountId id;
    private long clearing;
    private long prepaid;
    private final Map<UUID, Sequenced> pending = new LinkedHashMap<>();
    private final Map<UUID, SettlementOutcome> closedSettlements = new HashMap<>();

    Account(AccountId id) {
      this.id = id;
    }

    AccountBalance snapshot() {
      return new AccountBalance(id, clearing, prepaid);
    }

    PrepareResult prepare(PrepareRequest request) {
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
      return new PrepareResult(id, amount, fromPrepaid, fromClearing, snapshot());
    }

    AccountBalance reject(PrepareResult prepare) {
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
      return snapshot();
    }

    FulfillResult fulfill(FulfillRequest request, AtomicLong sequence) {
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
      PendingSettlement settlement = null;
      if (settings.settleThreshold() != null && newClearing >= settings.settleThreshold()) {
        long settleAmount;
        try {
          settleAmount = Math.subtractExact(newClearing, settings.settleTo());
        } catch (ArithmeticException e) {
          throw new BalanceOverflowException(
              id,
              "settlement amount clearing " + newClearing + " - settleTo " + settings.settleTo());
        }
        if (settleAmount > 0) {
          settlement = new PendingSettlement(SettlementId.random(id), id, settleAmount);
          pending.put(settlement.id().key(), new Sequenced(sequence.incrementAndGet(), settlement));
          newClearing = settings.settleTo();
        }
      }
      clearing = newClearing;
      return new FulfillResult(snapshot(), settlement);
    }

    SettlementOutcome close(SettlementId id, SettlementOutcome.Status status) {
      SettlementOutcome done = closedSettlements.get(id.key());
      if (done != null) {
        if (done.status() == status) {
          return done;
        }
        throw new SettlementConflictException(
            "settlement "
                + id
                + " was already closed as "
                + done.status()
                + "; it cannot now be closed as "
                + status
                + "; nothing changed");
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

    IncomingSettlementResult incoming(String key, long amount) {
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
      return new IncomingSettlementResult(key, id, amount, toClearing, toPrepaid, snapshot());
    }
  }
}
