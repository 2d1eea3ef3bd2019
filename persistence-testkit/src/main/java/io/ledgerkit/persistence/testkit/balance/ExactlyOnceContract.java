package io.ledgerkit.persistence.testkit.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceException;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldExpiredException;
import io.ledgerkit.persistence.balance.HoldPage;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.JournalKind;
import io.ledgerkit.persistence.balance.OperationConflictException;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.UnknownHoldException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The exactly-once part of the balance tracker compatibility kit, and the fixture every contract
 * case uses: operation ids (replays and conflicts), holds (commit, reject, lookup, listing), expiry
 * by the store's clock, the batch forms, the journal, crash recovery and a concurrent run of
 * retried identified operations. {@link BalanceTrackerContract} extends it, so a tracker's contract
 * test runs these cases without any change.
 *
 * <p>The cases cannot set the store's clock: expiry is tested with short real expiries (a few
 * hundred milliseconds after the store's time, read from the {@code createdAt} of a probe hold),
 * waiting until the store's time has passed them, bounded by a few seconds. On a shared, long-lived
 * store other processes may hold, list or expire holds at the same time: the cases only make claims
 * about their own holds, and release the holds they leave held when they end.
 */
public abstract class ExactlyOnceContract {

  /** How far after the store's time the short expiries of the expiry cases lie. */
  private static final Duration SHORT_EXPIRY = Duration.ofMillis(300);

  /** The longest any case waits for the store's time to pass an expiry. */
  private static final Duration WAIT_BOUND = Duration.ofSeconds(5);

  private static final BalanceSettings NONE = BalanceSettings.NONE;

  final String run = UUID.randomUUID().toString().substring(0, 8);
  private final ConcurrentLinkedQueue<HoldRef> leftHeld = new ConcurrentLinkedQueue<>();

  /** The tracker of the current test, created before and closed after it. */
  protected BalanceTracker tracker;

  /** Creates the contract. */
  protected ExactlyOnceContract() {}

  /**
   * Creates a tracker for one test method. The contract closes it after the test.
   *
   * @return a new, open tracker
   */
  protected abstract BalanceTracker createTracker();

  /**
   * How many operations each of the 16 threads of the concurrency tests performs. The default is
   * 5,000; a slow store may lower it to keep the suite's time sane. The concurrent run of retried
   * identified operations does half as many, each called twice.
   *
   * @return operations per thread
   */
  protected int concurrentOperationsPerThread() {
    return 5_000;
  }

  /**
   * Whether two trackers from {@link #createTracker()} see the same balances (a shared Redis or
   * PostgreSQL store: the default). An in-memory tracker keeps its balances to itself, so the close
   * tests cannot read back, through another tracker, what a closed one applied; they then check
   * only how the calls failed, and the crash-recovery case is skipped.
   *
   * @return {@code true} when trackers share their store
   */
  protected boolean trackersShareTheirStore() {
    return true;
  }

  @BeforeEach
  final void openTracker() {
    tracker = createTracker();
    assertThat(tracker).as("createTracker()").isNotNull();
  }

  @AfterEach
  final void closeTracker() {
    if (tracker != null) {
      try {
        releaseLeftHeld();
      } finally {
        tracker.close();
        tracker = null;
      }
    }
  }

  /** Releases the holds a case registered and may have left held, so a shared store stays lean. */
  private void releaseLeftHeld() {
    for (HoldRef ref = leftHeld.poll(); ref != null; ref = leftHeld.poll()) {
      try {
        tracker.reject(ref);
      } catch (BalanceException | IllegalStateException | UnsupportedOperationException e) {
        // resolved otherwise, unknown to this tracker, or the tracker cannot: nothing to release
      }
    }
  }

  /**
   * Returns an account id that is unique to this test instance.
   *
   * @param name a readable name
   * @return the account
   */
  protected final AccountId account(String name) {
    return AccountId.of(name + "-" + run);
  }

  /**
   * Returns an idempotency key that no other test uses.
   *
   * @param name a readable name
   * @return the key
   */
  protected final String key(String name) {
    return "tck:" + name + ":" + UUID.randomUUID();
  }

  /**
   * Returns an operation id that no other test uses.
   *
   * @param name a readable name
   * @return the id
   */
  protected final OperationId operationId(String name) {
    return OperationId.of("tck:" + name + ":" + UUID.randomUUID());
  }

  // ================================================================ operation ids

  @Test
  @DisplayName(
      "a repeated identified prepare (the first reply lost) returns the first result marked"
          + " replayed, with the balance recorded then, and changes nothing")
  void identifiedPrepareReplays() {
    AccountId a = account("replay");
    tracker.incomingSettlement(key("seed"), a, 30);
    OperationId id = operationId("p");
    PrepareRequest req = new PrepareRequest(a, 50, -100L, id, null);
    PrepareResult first = prepareHeld(tracker, req);
    assertThat(first.replayed()).isFalse();
    assertThat(first.identified()).isTrue();
    assertThat(first.id()).isEqualTo(id);
    assertThat(first.expiresAt()).isNull();
    assertThat(first.hold()).contains(HoldRef.of(a, id));
    assertThat(first.fromPrepaid()).isEqualTo(30);
    assertThat(first.fromClearing()).isEqualTo(20);
    assertThat(first.balance()).isEqualTo(new AccountBalance(a, -20, 0));
    Snapshot afterFirst = snapshot(a);

    // the caller never saw the first reply and retries with the same id
    PrepareResult again = tracker.prepare(req);
    assertThat(again).isEqualTo(first.asReplay());
    assertThat(again.replayed()).isTrue();
    assertThat(snapshot(a)).as("state after the replay").isEqualTo(afterFirst);

    // later changes do not alter the answer: it is the first call's, balance included
    tracker.fulfill(a, 7, NONE);
    Snapshot afterFulfill = snapshot(a);
    assertThat(tracker.prepare(req)).isEqualTo(first.asReplay());
    // the expiry is not compared: the first one stands
    assertThat(tracker.prepare(req.expiringAt(Instant.now().plus(Duration.ofHours(1)))))
        .isEqualTo(first.asReplay());
    assertThat(tracker.prepareAll(List.of(req)))
        .singleElement()
        .satisfies(o -> assertThat(o.get()).isEqualTo(first.asReplay()));
    assertThat(snapshot(a)).as("state after the later replays").isEqualTo(afterFulfill);

    // a replay after the hold was resolved still answers the first result
    tracker.commit(HoldRef.of(a, id));
    AccountBalance committed = tracker.balance(a);
    assertThat(tracker.prepare(req)).isEqualTo(first.asReplay());
    assertThat(tracker.balance(a)).isEqualTo(committed);
  }

  @Test
  @DisplayName(
      "an operation id reused with another amount, another minimum or for a fulfill on the same"
          + " account is OperationConflictException naming it, and changes nothing")
  void operationIdConflicts() {
    AccountId a = account("conflict");
    tracker.fulfill(a, 100, NONE);
    OperationId id = operationId("p");
    PrepareRequest req = new PrepareRequest(a, 50, -100L, id, null);
    PrepareResult first = prepareHeld(tracker, req);
    HoldRef ref = HoldRef.of(a, id);

    Map<String, ThrowingCallable> conflicts = new LinkedHashMap<>();
    conflicts.put(
        "other amount", () -> tracker.prepare(new PrepareRequest(a, 51, -100L, id, null)));
    conflicts.put(
        "other minimum", () -> tracker.prepare(new PrepareRequest(a, 50, -99L, id, null)));
    conflicts.put("no minimum", () -> tracker.prepare(new PrepareRequest(a, 50, null, id, null)));
    conflicts.put("a fulfill", () -> tracker.fulfill(new FulfillRequest(a, 50, NONE, id)));
    for (Map.Entry<String, ThrowingCallable> c : conflicts.entrySet()) {
      OperationConflictException e =
          refusedUnchanged(OperationConflictException.class, c.getValue(), a);
      assertThat(e.ref()).as(c.getKey()).isEqualTo(ref);
      assertThat(e.getMessage()).as(c.getKey()).contains(id.value());
    }
    assertThat(tracker.prepare(req))
        .as("the first prepare still replays")
        .isEqualTo(first.asReplay());

    // a fulfill's id names no hold: a prepare with it conflicts, commit and reject too
    OperationId f = operationId("f");
    tracker.fulfill(new FulfillRequest(a, 5, NONE, f));
    HoldRef fref = HoldRef.of(a, f);
    Map<String, ThrowingCallable> onFulfill = new LinkedHashMap<>();
    onFulfill.put("prepare", () -> tracker.prepare(new PrepareRequest(a, 5, null, f, null)));
    onFulfill.put(
        "fulfill of another amount", () -> tracker.fulfill(new FulfillRequest(a, 6, NONE, f)));
    onFulfill.put("commit", () -> tracker.commit(fref));
    onFulfill.put("reject", () -> tracker.reject(fref));
    for (Map.Entry<String, ThrowingCallable> c : onFulfill.entrySet()) {
      OperationConflictException e =
          refusedUnchanged(OperationConflictException.class, c.getValue(), a);
      assertThat(e.ref()).as(c.getKey()).isEqualTo(fref);
      assertThat(e.getMessage()).as(c.getKey()).contains(f.value());
    }
    assertThat(tracker.hold(fref)).as("a fulfill is not a hold").isEmpty();
  }

  @Test
  @DisplayName("the same operation id on two accounts names two operations")
  void operationIdsAreScopedToTheirAccount() {
    AccountId a = account("scoped-a");
    AccountId b = account("scoped-b");
    AccountId c = account("scoped-c");
    OperationId id = operationId("packet");
    PrepareResult pa = prepareHeld(tracker, new PrepareRequest(a, 10, null, id, null));
    PrepareResult pb = prepareHeld(tracker, new PrepareRequest(b, 25, null, id, null));
    FulfillResult fc = tracker.fulfill(new FulfillRequest(c, 40, NONE, id));
    assertThat(pa.replayed()).isFalse();
    assertThat(pb.replayed()).isFalse();
    assertThat(fc.replayed()).isFalse();
    assertThat(fc.id()).isEqualTo(id);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, -10, 0));
    assertThat(tracker.balance(b)).isEqualTo(new AccountBalance(b, -25, 0));
    assertThat(tracker.balance(c)).isEqualTo(new AccountBalance(c, 40, 0));
    assertThat(tracker.hold(HoldRef.of(a, id))).get().extracting(Hold::amount).isEqualTo(10L);
    assertThat(tracker.hold(HoldRef.of(b, id))).get().extracting(Hold::amount).isEqualTo(25L);
    tracker.commit(HoldRef.of(a, id));
    assertThat(tracker.hold(HoldRef.of(b, id)))
        .get()
        .extracting(Hold::state)
        .isEqualTo(HoldState.HELD);
  }

  @Test
  @DisplayName(
      "a repeated identified fulfill returns the same settlement marked replayed and never opens"
          + " a second one; another amount is OperationConflictException")
  void identifiedFulfillReplaysItsSettlement() {
    AccountId a = account("fulfill-replay");
    BalanceSettings settle = BalanceSettings.settleAt(100, 10);
    OperationId below = operationId("below");
    FulfillRequest small = new FulfillRequest(a, 60, settle, below);
    FulfillResult f1 = tracker.fulfill(small);
    assertThat(f1.settlement()).isNull();
    assertThat(f1.id()).isEqualTo(below);
    assertThat(f1.replayed()).isFalse();
    assertThat(tracker.fulfill(small)).isEqualTo(f1.asReplay());
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 60, 0));

    OperationId over = operationId("over");
    FulfillRequest big = new FulfillRequest(a, 50, settle, over);
    FulfillResult f2 = tracker.fulfill(big);
    assertThat(f2.settlement()).isNotNull();
    assertThat(f2.settlement().amount()).isEqualTo(100);
    assertThat(f2.balance()).isEqualTo(new AccountBalance(a, 10, 0));
    Snapshot after = snapshot(a);
    FulfillResult again = tracker.fulfill(big);
    assertThat(again).isEqualTo(f2.asReplay());
    assertThat(again.replayed()).isTrue();
    assertThat(snapshot(a)).isEqualTo(after);
    assertThat(tracker.pendingSettlements(a)).containsExactly(f2.settlement());
    // other settings do not matter for a repeat: the first settlement stands
    assertThat(tracker.fulfill(new FulfillRequest(a, 50, NONE, over))).isEqualTo(f2.asReplay());
    assertThat(tracker.fulfillAll(List.of(big)))
        .singleElement()
        .satisfies(o -> assertThat(o.get()).isEqualTo(f2.asReplay()));
    // still the same answer after the settlement closed
    tracker.settlementSucceeded(f2.settlement().id());
    Snapshot closed = snapshot(a);
    assertThat(tracker.fulfill(big)).isEqualTo(f2.asReplay());
    assertThat(snapshot(a)).isEqualTo(closed);

    OperationConflictException e =
        refusedUnchanged(
            OperationConflictException.class,
            () -> tracker.fulfill(new FulfillRequest(a, 51, settle, over)),
            a);
    assertThat(e.ref()).isEqualTo(HoldRef.of(a, over));
    assertThat(e.getMessage()).contains(over.value());
  }

  @Test
  @DisplayName(
      "without an id a prepare, fulfill and reject behave as before: each call applies (at most"
          + " once under faults), no hold, no replay")
  void unidentifiedOperationsUnchanged() {
    AccountId a = account("unidentified");
    PrepareRequest req = PrepareRequest.of(a, 10);
    PrepareResult p1 = tracker.prepare(req);
    PrepareResult p2 = tracker.prepare(req);
    for (PrepareResult p : List.of(p1, p2)) {
      assertThat(p.id()).isNull();
      assertThat(p.expiresAt()).isNull();
      assertThat(p.replayed()).isFalse();
      assertThat(p.identified()).isFalse();
      assertThat(p.hold()).isEmpty();
    }
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, -20, 0));
    assertThat(tracker.holds(a)).isEmpty();
    FulfillRequest f = FulfillRequest.of(a, 7);
    FulfillResult f1 = tracker.fulfill(f);
    FulfillResult f2 = tracker.fulfill(f);
    assertThat(f1.id()).isNull();
    assertThat(f1.replayed()).isFalse();
    assertThat(f2.replayed()).isFalse();
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, -6, 0));
    tracker.reject(p1);
    tracker.reject(p1); // unidentified: each reject gives back again, as before
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 14, 0));
    assertThat(journalOf(a)).extracting(JournalEntry::reference).containsOnlyNulls().hasSize(6);
  }

  @Test
  @DisplayName(
      "a refused identified prepare (insufficient balance) records nothing: the same id may"
          + " succeed later")
  void refusedPrepareRecordsNothing() {
    AccountId a = account("refused");
    OperationId id = operationId("p");
    PrepareRequest req = new PrepareRequest(a, 40, 0L, id, null);
    refusedUnchanged(InsufficientBalanceException.class, () -> tracker.prepare(req), a);
    assertThat(tracker.hold(HoldRef.of(a, id))).isEmpty();
    assertThat(journalOf(a)).isEmpty();
    tracker.fulfill(a, 40, NONE);
    PrepareResult later = prepareHeld(tracker, req);
    assertThat(later.replayed()).isFalse();
    assertThat(later.balance()).isEqualTo(new AccountBalance(a, 0, 0));
    assertThat(tracker.hold(HoldRef.of(a, id))).isPresent();
  }

  @Test
  @DisplayName(
      "OperationId: malformed text is IllegalArgumentException naming it, null is"
          + " NullPointerException, random() is a fresh UUID, and the longest legal id works")
  void operationIdValidation() {
    assertThat(catchThrowable(() -> OperationId.of("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation id");
    assertThat(catchThrowable(() -> OperationId.of("has space")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("operation id")
        .hasMessageContaining("'has space'");
    assertThat(catchThrowable(() -> OperationId.of("x".repeat(129))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("129");
    assertThat(catchThrowable(() -> OperationId.of(null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("operation id");
    OperationId r1 = OperationId.random();
    OperationId r2 = OperationId.random();
    assertThat(r1).isNotEqualTo(r2);
    assertThat(UUID.fromString(r1.value()).toString()).isEqualTo(r1.value());
    assertThat(r1.toString()).isEqualTo(r1.value());

    // every legal character, at the longest length, round-trips through the store
    OperationId longest =
        OperationId.of(("Az09._~-:/" + UUID.randomUUID()).repeat(3).substring(0, 128));
    AccountId a = account("longest-id");
    PrepareResult p = prepareHeld(tracker, new PrepareRequest(a, 3, null, longest, null));
    assertThat(p.id()).isEqualTo(longest);
    assertThat(tracker.hold(HoldRef.of(a, longest))).get().extracting(Hold::id).isEqualTo(longest);
    assertThat(tracker.holds(a)).extracting(Hold::id).containsExactly(longest);
    assertThat(tracker.commit(HoldRef.of(a, longest)).hold().id()).isEqualTo(longest);
    assertThat(journalOf(a))
        .extracting(JournalEntry::reference)
        .containsExactly(longest.value(), longest.value());
  }

  // ================================================================ holds

  @Test
  @DisplayName(
      "an identified prepare is a HELD hold with its split, createdAt by the store's time and"
          + " expiresAt to the millisecond; commit makes it COMMITTED, idempotently")
  void holdIsHeldThenCommitted() {
    AccountId a = account("hold");
    tracker.incomingSettlement(key("seed"), a, 30);
    OperationId id = operationId("h");
    Instant expires = Instant.now().plus(Duration.ofHours(1)).plusNanos(123_456);
    Instant before = storeTime();
    PrepareResult p = prepareHeld(tracker, new PrepareRequest(a, 50, null, id, expires));
    Instant after = storeTime();
    Instant millis = expires.truncatedTo(ChronoUnit.MILLIS);
    assertThat(p.expiresAt()).isEqualTo(millis);
    HoldRef ref = HoldRef.of(a, id);
    Hold h = tracker.hold(ref).orElseThrow();
    assertThat(h.account()).isEqualTo(a);
    assertThat(h.id()).isEqualTo(id);
    assertThat(h.amount()).isEqualTo(50);
    assertThat(h.fromPrepaid()).isEqualTo(30);
    assertThat(h.fromClearing()).isEqualTo(20);
    assertThat(h.expiresAt()).isEqualTo(millis);
    assertThat(h.state()).isEqualTo(HoldState.HELD);
    assertThat(h.resolvedAt()).isNull();
    assertThat(h.createdAt()).isBetween(before, after);
    assertThat(h.createdAt().getNano() % 1_000_000).as("createdAt in millis").isZero();
    assertThat(tracker.holds(a)).containsExactly(h);

    HoldResult c = tracker.commit(ref);
    Instant afterCommit = storeTime();
    assertThat(c.replayed()).isFalse();
    assertThat(c.hold().state()).isEqualTo(HoldState.COMMITTED);
    assertThat(c.hold().resolvedAt()).isBetween(h.createdAt(), afterCommit);
    assertThat(c.hold().ref()).isEqualTo(ref);
    assertThat(c.hold().amount()).isEqualTo(50);
    assertThat(c.balance()).isEqualTo(new AccountBalance(a, -20, 0));
    assertThat(tracker.balance(a)).as("a commit moves no money").isEqualTo(c.balance());
    assertThat(tracker.hold(ref)).contains(c.hold());
    assertThat(tracker.holds(a)).isEmpty();

    Snapshot committed = snapshot(a);
    assertThat(tracker.commit(ref)).isEqualTo(c.asReplay());
    assertThat(snapshot(a)).isEqualTo(committed);
    tracker.fulfill(a, 5, NONE);
    assertThat(tracker.commit(ref))
        .as("the balance recorded at the commit")
        .isEqualTo(c.asReplay());

    Map<String, ThrowingCallable> rejects = new LinkedHashMap<>();
    rejects.put("reject(HoldRef)", () -> tracker.reject(ref));
    rejects.put("reject(PrepareResult)", () -> tracker.reject(p));
    for (Map.Entry<String, ThrowingCallable> r : rejects.entrySet()) {
      OperationConflictException e =
          refusedUnchanged(OperationConflictException.class, r.getValue(), a);
      assertThat(e.ref()).as(r.getKey()).isEqualTo(ref);
      assertThat(e.getMessage().toLowerCase())
          .as(r.getKey())
          .contains(id.value())
          .contains("commit")
          .contains("reject");
    }
  }

  @Test
  @DisplayName(
      "reject gives back the exact split once (prepaid only, clearing only, split), is"
          + " idempotent, and commit after reject is OperationConflictException naming both")
  void rejectGivesBackTheExactSplitOnce() {
    // prepaid only
    AccountId p = account("split-prepaid");
    tracker.incomingSettlement(key("p"), p, 100);
    rejectCase(p, 40, 40, 0, () -> tracker.fulfill(p, 3, NONE), new AccountBalance(p, 3, 100));
    // clearing only
    AccountId c = account("split-clearing");
    rejectCase(c, 40, 0, 40, () -> tracker.fulfill(c, 3, NONE), new AccountBalance(c, 3, 0));
    // split, and a change in between that a recomputed split would get wrong: the incoming
    // settlement pays down clearing (-20 -> -5), the reject still gives 20 to clearing, 30 to
    // prepaid
    AccountId s = account("split-both");
    tracker.incomingSettlement(key("s"), s, 30);
    rejectCase(
        s,
        50,
        30,
        20,
        () -> tracker.incomingSettlement(key("between"), s, 15),
        new AccountBalance(s, 15, 30));
  }

  private void rejectCase(
      AccountId a,
      long amount,
      long fromPrepaid,
      long fromClearing,
      Runnable between,
      AccountBalance expected) {
    OperationId id = operationId("r");
    HoldRef ref = HoldRef.of(a, id);
    PrepareResult prep = prepareHeld(tracker, new PrepareRequest(a, amount, null, id, null));
    assertThat(prep.fromPrepaid()).as("fromPrepaid of %s", a).isEqualTo(fromPrepaid);
    assertThat(prep.fromClearing()).as("fromClearing of %s", a).isEqualTo(fromClearing);
    between.run();
    HoldResult r = tracker.reject(ref);
    assertThat(r.replayed()).isFalse();
    assertThat(r.hold().state()).isEqualTo(HoldState.REJECTED);
    assertThat(r.hold().resolvedAt()).isNotNull();
    assertThat(r.hold().fromPrepaid()).isEqualTo(fromPrepaid);
    assertThat(r.hold().fromClearing()).isEqualTo(fromClearing);
    assertThat(r.balance()).as("balance of %s after the reject", a).isEqualTo(expected);
    assertThat(tracker.balance(a)).isEqualTo(expected);
    assertThat(tracker.hold(ref)).contains(r.hold());
    assertThat(tracker.holds(a)).isEmpty();
    Snapshot rejected = snapshot(a);
    assertThat(tracker.reject(ref)).isEqualTo(r.asReplay());
    assertThat(tracker.reject(prep)).isEqualTo(r.balance());
    assertThat(tracker.rejectHolds(List.of(ref)))
        .singleElement()
        .satisfies(o -> assertThat(o.get()).isEqualTo(r.asReplay()));
    assertThat(snapshot(a)).as("state of %s after repeated rejects", a).isEqualTo(rejected);
    OperationConflictException e =
        refusedUnchanged(OperationConflictException.class, () -> tracker.commit(ref), a);
    assertThat(e.ref()).isEqualTo(ref);
    assertThat(e.getMessage().toLowerCase())
        .contains(id.value())
        .contains("reject")
        .contains("commit");
  }

  @Test
  @DisplayName(
      "reject(PrepareResult) of an identified prepare is reject(HoldRef): twice refunds once and"
          + " returns the release's balance; another amount or an unknown id is refused")
  void rejectPrepareResultIsRejectHold() {
    AccountId a = account("reject-result");
    OperationId id = operationId("p");
    PrepareResult p = prepareHeld(tracker, new PrepareRequest(a, 30, null, id, null));
    tracker.fulfill(a, 100, NONE);
    AccountBalance released = tracker.reject(p);
    assertThat(released).isEqualTo(new AccountBalance(a, 100, 0));
    tracker.fulfill(a, 1, NONE);
    Snapshot after = snapshot(a);
    assertThat(tracker.reject(p)).as("the balance recorded by the release").isEqualTo(released);
    assertThat(tracker.rejectAll(List.of(p, p)))
        .allSatisfy(o -> assertThat(o.get()).isEqualTo(released));
    HoldResult viaRef = tracker.reject(HoldRef.of(a, id));
    assertThat(viaRef.replayed()).isTrue();
    assertThat(viaRef.hold().state()).isEqualTo(HoldState.REJECTED);
    assertThat(viaRef.balance()).isEqualTo(released);
    assertThat(snapshot(a)).isEqualTo(after);

    // reject(HoldRef) first, then reject(PrepareResult): still one refund
    OperationId id2 = operationId("p2");
    PrepareResult p2 = prepareHeld(tracker, new PrepareRequest(a, 9, null, id2, null));
    HoldResult r2 = tracker.reject(HoldRef.of(a, id2));
    assertThat(tracker.reject(p2)).isEqualTo(r2.balance());
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 101, 0));

    // a PrepareResult whose amount is not the hold's
    OperationId id3 = operationId("p3");
    PrepareResult p3 = prepareHeld(tracker, new PrepareRequest(a, 10, null, id3, null));
    PrepareResult forged = new PrepareResult(a, 11, 0, 11, p3.balance(), id3, null, false);
    OperationConflictException e =
        refusedUnchanged(OperationConflictException.class, () -> tracker.reject(forged), a);
    assertThat(e.ref()).isEqualTo(HoldRef.of(a, id3));
    assertThat(tracker.hold(HoldRef.of(a, id3)).orElseThrow().state()).isEqualTo(HoldState.HELD);

    // an identified PrepareResult this store never made
    OperationId never = operationId("never");
    PrepareResult unknown = new PrepareResult(a, 5, 0, 5, p3.balance(), never, null, false);
    UnknownHoldException u =
        refusedUnchanged(UnknownHoldException.class, () -> tracker.reject(unknown), a);
    assertThat(u.ref()).isEqualTo(HoldRef.of(a, never));
  }

  @Test
  @DisplayName(
      "an unknown hold is UnknownHoldException naming it for commit and reject, and empty for"
          + " hold(ref), on touched and untouched accounts")
  void unknownHold() {
    AccountId touched = account("unknown-touched");
    tracker.fulfill(touched, 10, NONE);
    prepareHeld(tracker, new PrepareRequest(touched, 1, null, operationId("other"), null));
    AccountId untouched = account("unknown-untouched");
    for (AccountId a : List.of(touched, untouched)) {
      HoldRef ref = HoldRef.of(a, operationId("missing"));
      for (ThrowingCallable call :
          List.<ThrowingCallable>of(() -> tracker.commit(ref), () -> tracker.reject(ref))) {
        UnknownHoldException e = refusedUnchanged(UnknownHoldException.class, call, a);
        assertThat(e.ref()).isEqualTo(ref);
        assertThat(e.getMessage()).contains(ref.id().value());
      }
      assertThat(tracker.hold(ref)).isEmpty();
      assertThat(tracker.commitHolds(List.of(ref)))
          .singleElement()
          .satisfies(o -> assertThat(failure(o)).isInstanceOf(UnknownHoldException.class));
      assertThat(tracker.rejectHolds(List.of(ref)))
          .singleElement()
          .satisfies(o -> assertThat(failure(o)).isInstanceOf(UnknownHoldException.class));
    }
    assertThat(tracker.balance(untouched)).isEqualTo(AccountBalance.zero(untouched));
  }

  // ================================================================ expiry (store's clock)

  @Test
  @DisplayName(
      "an identified prepare whose expiresAt is not after the store's time is"
          + " HoldExpiredException without a hold, and changes nothing")
  void prepareAlreadyExpired() {
    AccountId a = account("born-expired");
    tracker.fulfill(a, 100, NONE);
    Instant now = storeTime();
    for (Instant at : List.of(now.minus(Duration.ofSeconds(5)), now)) {
      OperationId id = operationId("late");
      HoldExpiredException e =
          refusedUnchanged(
              HoldExpiredException.class,
              () -> tracker.prepare(new PrepareRequest(a, 10, null, id, at)),
              a);
      assertThat(e.ref()).isEqualTo(HoldRef.of(a, id));
      assertThat(e.hold()).isNull();
      assertThat(e.getMessage()).contains(id.value());
      assertThat(tracker.hold(HoldRef.of(a, id))).isEmpty();
      // nothing was recorded: the id is free for a prepare that has not expired
      PrepareResult ok =
          prepareHeld(tracker, new PrepareRequest(a, 10, null, id, now.plus(Duration.ofHours(1))));
      assertThat(ok.replayed()).isFalse();
    }
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 80, 0));
  }

  @Test
  @DisplayName(
      "past its expiry by the store's clock: commit is HoldExpiredException and releases the hold"
          + " once (EXPIRY), reject then answers EXPIRED replayed, a held one is still rejected,"
          + " and expireHolds releases one once")
  void expiryByTheStoreClock() {
    AccountId ca = account("expire-commit");
    AccountId ra = account("expire-reject");
    AccountId xa = account("expire-sweep");
    for (AccountId a : List.of(ca, ra, xa)) {
      tracker.incomingSettlement(key("seed"), a, 10);
    }
    Instant expires = storeTime().plus(SHORT_EXPIRY);
    PrepareResult cp =
        prepareHeld(tracker, new PrepareRequest(ca, 25, null, operationId("c"), expires));
    PrepareResult rp =
        prepareHeld(tracker, new PrepareRequest(ra, 25, null, operationId("r"), expires));
    PrepareResult xp =
        prepareHeld(tracker, new PrepareRequest(xa, 25, null, operationId("x"), expires));
    for (PrepareResult p : List.of(cp, rp, xp)) {
      assertThat(p.fromPrepaid()).isEqualTo(10);
      assertThat(p.fromClearing()).isEqualTo(15);
      assertThat(tracker.hold(p.hold().orElseThrow()).orElseThrow().state())
          .isEqualTo(HoldState.HELD);
    }
    awaitStoreTimePast(expires);

    // commit past the expiry: refused, and the hold is released once
    HoldRef cref = cp.hold().orElseThrow();
    HoldExpiredException e = (HoldExpiredException) catchThrowable(() -> tracker.commit(cref));
    assertThat(e).isNotNull();
    assertThat(e.ref()).isEqualTo(cref);
    assertThat(e.hold()).isNotNull();
    assertThat(e.hold().state()).isEqualTo(HoldState.EXPIRED);
    assertThat(e.hold().resolvedAt()).isNotNull();
    assertThat(e.getMessage()).contains(cref.id().value());
    AccountBalance back = new AccountBalance(ca, 0, 10);
    assertThat(tracker.balance(ca)).isEqualTo(back);
    JournalEntry last = last(journalOf(ca));
    assertThat(last.kind()).isEqualTo(JournalKind.EXPIRY);
    assertThat(last.reference()).isEqualTo(cref.id().value());
    assertThat(last.clearingDelta()).isEqualTo(15);
    assertThat(last.prepaidDelta()).isEqualTo(10);
    assertThat(last.balance()).isEqualTo(back);
    Snapshot expired = snapshot(ca);
    assertThat(catchThrowable(() -> tracker.commit(cref))).isInstanceOf(HoldExpiredException.class);
    HoldResult rejectAfter = tracker.reject(cref);
    assertThat(rejectAfter.replayed()).isTrue();
    assertThat(rejectAfter.hold().state()).isEqualTo(HoldState.EXPIRED);
    assertThat(rejectAfter.balance()).isEqualTo(back);
    assertThat(tracker.reject(cp)).isEqualTo(back);
    assertThat(tracker.hold(cref)).contains(e.hold());
    assertThat(snapshot(ca)).as("released once").isEqualTo(expired);

    // reject of a hold still HELD past its expiry gives the split back as a reject
    HoldRef rref = rp.hold().orElseThrow();
    HoldResult r = tracker.reject(rref);
    if (r.hold().state() == HoldState.EXPIRED && trackersShareTheirStore()) {
      // another process sharing the store expired it first: a replay of that expiry
      assertThat(r.replayed()).isTrue();
    } else {
      assertThat(r.hold().state()).isEqualTo(HoldState.REJECTED);
      assertThat(r.replayed()).isFalse();
      assertThat(last(journalOf(ra)).kind()).isEqualTo(JournalKind.REJECT);
    }
    assertThat(tracker.balance(ra)).isEqualTo(new AccountBalance(ra, 0, 10));

    // expireHolds releases the third once
    HoldRef xref = xp.hold().orElseThrow();
    List<Hold> swept = expireUntilReleased(tracker, Set.of(xref));
    assertThat(swept).extracting(Hold::ref).containsOnlyOnce(xref);
    Hold xh = tracker.hold(xref).orElseThrow();
    assertThat(xh.state()).isEqualTo(HoldState.EXPIRED);
    assertThat(xh.resolvedAt()).isNotNull();
    assertThat(tracker.balance(xa)).isEqualTo(new AccountBalance(xa, 0, 10));
    Snapshot sweptOnce = snapshot(xa);
    assertThat(tracker.expireHolds(100)).extracting(Hold::ref).doesNotContain(xref);
    HoldResult xr = tracker.reject(xref);
    assertThat(xr.replayed()).isTrue();
    assertThat(xr.hold().state()).isEqualTo(HoldState.EXPIRED);
    HoldExpiredException xe = (HoldExpiredException) catchThrowable(() -> tracker.commit(xref));
    assertThat(xe).isNotNull();
    assertThat(xe.hold().state()).isEqualTo(HoldState.EXPIRED);
    assertThat(snapshot(xa)).isEqualTo(sweptOnce);
    assertThat(journalOf(xa))
        .filteredOn(j -> j.kind() == JournalKind.EXPIRY)
        .singleElement()
        .satisfies(
            j -> {
              assertThat(j.reference()).isEqualTo(xref.id().value());
              assertThat(j.clearingDelta()).isEqualTo(15);
              assertThat(j.prepaidDelta()).isEqualTo(10);
            });
  }

  @Test
  @DisplayName(
      "expireHolds from concurrent callers (and two trackers on a shared store) releases each"
          + " expired hold exactly once and leaves unexpired and never-expiring holds alone")
  void expireHoldsExactlyOnceConcurrently() throws Exception {
    int accounts = 6;
    int perAccount = 5;
    AccountId[] acc = new AccountId[accounts];
    Map<HoldRef, PrepareResult> expiring = new HashMap<>();
    List<HoldRef> staying = new ArrayList<>();
    Instant expires = storeTime().plus(SHORT_EXPIRY);
    Instant later = expires.plus(Duration.ofHours(1));
    for (int i = 0; i < accounts; i++) {
      acc[i] = account("sweep" + i);
      tracker.incomingSettlement(key("seed"), acc[i], 7);
      for (int j = 0; j < perAccount; j++) {
        PrepareResult p =
            prepareHeld(
                tracker, new PrepareRequest(acc[i], 3 + j, null, operationId("e"), expires));
        expiring.put(p.hold().orElseThrow(), p);
      }
      staying.add(
          prepareHeld(tracker, new PrepareRequest(acc[i], 1, null, operationId("l"), later))
              .hold()
              .orElseThrow());
      staying.add(
          prepareHeld(tracker, new PrepareRequest(acc[i], 1, null, operationId("n"), null))
              .hold()
              .orElseThrow());
    }
    awaitStoreTimePast(expires);

    List<BalanceTracker> trackers = new ArrayList<>();
    trackers.add(tracker);
    if (trackersShareTheirStore()) {
      trackers.add(createTracker());
    }
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ConcurrentLinkedQueue<Hold> released = new ConcurrentLinkedQueue<>();
    Set<HoldRef> ours = ConcurrentHashMap.newKeySet();
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      long deadline = System.nanoTime() + WAIT_BOUND.toNanos();
      for (int t = 0; t < threads; t++) {
        BalanceTracker bt = trackers.get(t % trackers.size());
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  while (ours.size() < expiring.size() && System.nanoTime() < deadline) {
                    List<Hold> got = bt.expireHolds(3);
                    for (Hold h : got) {
                      released.add(h);
                      if (expiring.containsKey(h.ref())) {
                        ours.add(h.ref());
                      }
                    }
                    if (got.isEmpty() && noneHeld(bt, expiring.keySet())) {
                      break; // the rest of ours were released by others sharing the store
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 1; i < trackers.size(); i++) {
        trackers.get(i).close();
      }
    }
    List<HoldRef> refs = released.stream().map(Hold::ref).toList();
    assertThat(new HashSet<>(refs)).as("no hold released twice").hasSameSizeAs(refs);
    assertThat(released).allSatisfy(h -> assertThat(h.state()).isEqualTo(HoldState.EXPIRED));
    if (!trackersShareTheirStore()) {
      // nothing else expires holds in this tracker: every one of ours was released by these calls
      assertThat(refs).containsExactlyInAnyOrderElementsOf(expiring.keySet());
    } else {
      // others sharing the store may have released some; ours released here are ours once
      assertThat(ours).isSubsetOf(expiring.keySet());
    }
    for (HoldRef ref : expiring.keySet()) {
      assertThat(tracker.hold(ref).orElseThrow().state())
          .as("state of %s", ref)
          .isEqualTo(HoldState.EXPIRED);
    }
    for (HoldRef ref : staying) {
      assertThat(tracker.hold(ref).orElseThrow().state())
          .as("state of %s", ref)
          .isEqualTo(HoldState.HELD);
    }
    for (AccountId a : acc) {
      assertThat(tracker.balance(a))
          .as("balance of %s: every expiring hold given back once", a)
          .isEqualTo(new AccountBalance(a, -2, 7));
      assertThat(tracker.holds(a)).hasSize(2);
      assertThat(journalOf(a)).filteredOn(j -> j.kind() == JournalKind.EXPIRY).hasSize(perAccount);
    }
  }

  // ================================================================ listing

  @Test
  @DisplayName("holds(account) lists only the HELD holds of that account, oldest first")
  void holdsOfAnAccount() throws InterruptedException {
    AccountId a = account("list");
    AccountId other = account("list-other");
    List<HoldRef> refs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      refs.add(
          prepareHeld(tracker, new PrepareRequest(a, 10 + i, null, operationId("l" + i), null))
              .hold()
              .orElseThrow());
      Thread.sleep(2); // distinct createdAt millis: "oldest first" is then unambiguous
    }
    prepareHeld(tracker, new PrepareRequest(other, 1, null, operationId("o"), null));
    assertThat(tracker.holds(a)).extracting(Hold::ref).containsExactlyElementsOf(refs);
    tracker.commit(refs.get(1));
    tracker.reject(refs.get(3));
    List<Hold> held = tracker.holds(a);
    assertThat(held).extracting(Hold::ref).containsExactly(refs.get(0), refs.get(2), refs.get(4));
    assertThat(held).allSatisfy(h -> assertThat(h.state()).isEqualTo(HoldState.HELD));
    assertThat(held).extracting(Hold::amount).containsExactly(10L, 12L, 14L);
    assertThat(held).isSortedAccordingTo((x, y) -> x.createdAt().compareTo(y.createdAt()));
    assertThat(tracker.holds(account("list-untouched"))).isEmpty();
  }

  @Test
  @DisplayName(
      "holds(cursor, limit) pages through the held holds of the whole store: each of ours held"
          + " throughout appears exactly once, every hold listed is HELD, pages respect the limit")
  void holdsOfTheStoreInPages() {
    int accounts = 12;
    Set<HoldRef> ours = new HashSet<>();
    Set<HoldRef> resolved = new HashSet<>();
    for (int i = 0; i < accounts; i++) {
      AccountId a = account("page" + i);
      for (int j = 0; j < 3; j++) {
        ours.add(
            prepareHeld(tracker, new PrepareRequest(a, 1 + j, null, operationId("p"), null))
                .hold()
                .orElseThrow());
      }
      HoldRef c =
          prepareHeld(tracker, new PrepareRequest(a, 9, null, operationId("c"), null))
              .hold()
              .orElseThrow();
      tracker.commit(c);
      resolved.add(c);
      HoldRef r =
          prepareHeld(tracker, new PrepareRequest(a, 9, null, operationId("r"), null))
              .hold()
              .orElseThrow();
      tracker.reject(r);
      resolved.add(r);
    }
    for (int limit : new int[] {1, 4, 1000}) {
      Map<HoldRef, Integer> seen = listAll(tracker, limit);
      for (HoldRef ref : ours) {
        assertThat(seen.get(ref)).as("times %s was listed with limit %d", ref, limit).isEqualTo(1);
      }
      assertThat(seen.keySet()).as("resolved holds listed").doesNotContainAnyElementsOf(resolved);
    }
  }

  /**
   * Pages through all held holds, counting each. Small limits start the iteration; after 50 pages
   * the limit grows to 500 so that a shared store holding others' holds is still read fast.
   */
  private Map<HoldRef, Integer> listAll(BalanceTracker t, int firstLimit) {
    Map<HoldRef, Integer> seen = new HashMap<>();
    String cursor = null;
    int pages = 0;
    do {
      int limit = pages < 50 ? firstLimit : 500;
      HoldPage page = t.holds(cursor, limit);
      assertThat(page.holds())
          .as("page %d with limit %d", pages, limit)
          .hasSizeLessThanOrEqualTo(limit);
      for (Hold h : page.holds()) {
        assertThat(h.state()).as("state of listed %s", h.ref()).isEqualTo(HoldState.HELD);
        seen.merge(h.ref(), 1, Integer::sum);
      }
      assertThat(page.hasNext()).isEqualTo(page.next() != null);
      cursor = page.next();
      pages++;
      assertThat(pages).as("pages of the hold listing (does it end?)").isLessThan(1_000_000);
    } while (cursor != null);
    return seen;
  }

  @Test
  @DisplayName(
      "bad arguments of the new methods are IllegalArgumentException naming them: a malformed"
          + " cursor, a limit below 1, a journal sequence below 1")
  void exactlyOnceBadArguments() {
    AccountId a = account("bad-args");
    tracker.fulfill(a, 1, NONE);
    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    calls.put("holds(null, 0)", () -> tracker.holds((String) null, 0));
    calls.put("holds(null, -1)", () -> tracker.holds((String) null, -1));
    calls.put("expireHolds(0)", () -> tracker.expireHolds(0));
    calls.put("journal(a, 0, 10)", () -> tracker.journal(a, 0, 10));
    calls.put("journal(a, 1, 0)", () -> tracker.journal(a, 1, 0));
    for (Map.Entry<String, ThrowingCallable> c : calls.entrySet()) {
      assertThat(catchThrowable(c.getValue()))
          .as(c.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageMatching("(?s).*(-1|0).*");
    }
    String bad = "%%not-a-cursor%%";
    assertThat(catchThrowable(() -> tracker.holds(bad, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(bad);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 1, 0));
  }

  // ================================================================ batches

  @Test
  @DisplayName(
      "commitHolds and rejectHolds give one outcome per item, a bad item does not stop the"
          + " others, and a repeat inside the batch is a replay")
  void holdBatches() {
    AccountId a = account("hold-batch");
    tracker.fulfill(a, 100, NONE);
    HoldRef h1 = heldRef(a, 10);
    HoldRef h2 = heldRef(a, 20);
    HoldRef h3 = heldRef(a, 30);
    tracker.reject(h2);
    HoldRef unknown = HoldRef.of(a, operationId("unknown"));
    AccountBalance before = tracker.balance(a);
    List<Outcome<HoldResult>> commits = tracker.commitHolds(List.of(h1, unknown, h2, h3, h1));
    assertThat(commits).hasSize(5);
    assertThat(commits.get(0).get().hold().state()).isEqualTo(HoldState.COMMITTED);
    assertThat(commits.get(0).get().replayed()).isFalse();
    assertThat(failure(commits.get(1))).isInstanceOf(UnknownHoldException.class);
    assertThat(failure(commits.get(2))).isInstanceOf(OperationConflictException.class);
    assertThat(commits.get(3).get().hold().state()).isEqualTo(HoldState.COMMITTED);
    assertThat(commits.get(4).get()).isEqualTo(commits.get(0).get().asReplay());
    assertThat(tracker.balance(a)).isEqualTo(before);
    assertThat(journalOf(a)).filteredOn(j -> j.kind() == JournalKind.COMMIT).hasSize(2);

    HoldRef g1 = heldRef(a, 5);
    HoldRef g3 = heldRef(a, 6);
    AccountBalance beforeRejects = tracker.balance(a);
    List<Outcome<HoldResult>> rejects = tracker.rejectHolds(List.of(g1, h1, unknown, g1, g3));
    assertThat(rejects).hasSize(5);
    assertThat(rejects.get(0).get().hold().state()).isEqualTo(HoldState.REJECTED);
    assertThat(rejects.get(0).get().replayed()).isFalse();
    assertThat(failure(rejects.get(1))).isInstanceOf(OperationConflictException.class);
    assertThat(failure(rejects.get(2))).isInstanceOf(UnknownHoldException.class);
    assertThat(rejects.get(3).get()).isEqualTo(rejects.get(0).get().asReplay());
    assertThat(rejects.get(4).get().hold().state()).isEqualTo(HoldState.REJECTED);
    assertThat(rejects.get(4).get().balance()).isEqualTo(tracker.balance(a));
    assertThat(tracker.balance(a))
        .isEqualTo(
            new AccountBalance(
                a, beforeRejects.clearingBalance() + 11, beforeRejects.prepaidAmount()));
    assertThat(tracker.commitHolds(List.of())).isEmpty();
    assertThat(tracker.rejectHolds(List.of())).isEmpty();
  }

  @Test
  @DisplayName(
      "prepareAll and fulfillAll carry ids: a repeated id inside one batch gets the replayed"
          + " result, another amount for it a conflict, and each applies once")
  void identifiedBatches() {
    AccountId a = account("id-batch");
    OperationId id1 = operationId("p1");
    OperationId id2 = operationId("p2");
    PrepareRequest r1 = new PrepareRequest(a, 10, null, id1, null);
    PrepareRequest r2 = new PrepareRequest(a, 20, null, id2, null);
    leftHeld.add(HoldRef.of(a, id1));
    leftHeld.add(HoldRef.of(a, id2));
    List<Outcome<PrepareResult>> ps =
        tracker.prepareAll(
            List.of(
                r1, r2, r1, new PrepareRequest(a, 11, null, id1, null), PrepareRequest.of(a, 5)));
    assertThat(ps).hasSize(5);
    assertThat(ps.get(0).get().replayed()).isFalse();
    assertThat(ps.get(1).get().replayed()).isFalse();
    assertThat(ps.get(2).get()).isEqualTo(ps.get(0).get().asReplay());
    assertThat(failure(ps.get(3))).isInstanceOf(OperationConflictException.class);
    assertThat(ps.get(4).get().id()).isNull();
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, -35, 0));
    assertThat(tracker.holds(a)).extracting(Hold::id).containsExactly(id1, id2);

    AccountId b = account("id-batch-f");
    OperationId f1 = operationId("f1");
    OperationId f2 = operationId("f2");
    FulfillRequest q1 = new FulfillRequest(b, 10, NONE, f1);
    List<Outcome<FulfillResult>> fs =
        tracker.fulfillAll(
            List.of(
                q1,
                q1,
                new FulfillRequest(b, 5, NONE, f2),
                new FulfillRequest(b, 11, NONE, f1),
                FulfillRequest.of(b, 1)));
    assertThat(fs).hasSize(5);
    assertThat(fs.get(0).get().replayed()).isFalse();
    assertThat(fs.get(0).get().id()).isEqualTo(f1);
    assertThat(fs.get(1).get()).isEqualTo(fs.get(0).get().asReplay());
    assertThat(fs.get(2).get().replayed()).isFalse();
    assertThat(failure(fs.get(3))).isInstanceOf(OperationConflictException.class);
    assertThat(fs.get(4).get().id()).isNull();
    assertThat(tracker.balance(b)).isEqualTo(new AccountBalance(b, 16, 0));
    assertThat(tracker.fulfillAll(List.of(q1)))
        .singleElement()
        .satisfies(o -> assertThat(o.get()).isEqualTo(fs.get(0).get().asReplay()));
  }

  // ================================================================ journal

  @Test
  @DisplayName(
      "the journal has one entry per change, with the kind, deltas and reference of each"
          + " operation, sequences from 1 without gaps, the store's time, and pages")
  void journalRecordsEveryChange() {
    AccountId a = account("journal");
    Instant start = storeTime();
    String inKey = key("in");
    tracker.incomingSettlement(inKey, a, 50); // (0, 50)
    OperationId p1 = operationId("p1");
    prepareHeld(tracker, new PrepareRequest(a, 80, null, p1, null)); // (-30, 0)
    tracker.commit(HoldRef.of(a, p1));
    OperationId p2 = operationId("p2");
    prepareHeld(tracker, new PrepareRequest(a, 20, null, p2, null)); // (-50, 0)
    tracker.reject(HoldRef.of(a, p2)); // (-30, 0)
    PrepareResult u = tracker.prepare(a, 5); // (-35, 0)
    tracker.reject(u); // (-30, 0)
    OperationId f1 = operationId("f1");
    FulfillResult fr =
        tracker.fulfill(new FulfillRequest(a, 100, BalanceSettings.settleAt(50, 0), f1));
    SettlementId s1 = fr.settlement().id(); // fulfill (70, 0), settlement of 70 -> (0, 0)
    tracker.settlementFailed(s1); // (70, 0)
    FulfillResult fu = tracker.fulfill(a, 30, BalanceSettings.settleAt(50, 0)); // (100,0) -> (0,0)
    SettlementId s2 = fu.settlement().id();
    tracker.settlementSucceeded(s2);
    // replays and refusals append nothing
    tracker.commit(HoldRef.of(a, p1));
    tracker.reject(HoldRef.of(a, p2));
    tracker.fulfill(new FulfillRequest(a, 100, BalanceSettings.settleAt(50, 0), f1));
    tracker.incomingSettlement(inKey, a, 50);
    catchThrowable(() -> tracker.prepare(a, 1_000, 0));
    Instant end = storeTime();

    List<Expected> expected =
        List.of(
            new Expected(JournalKind.INCOMING_SETTLEMENT, inKey, 0, 50, 0, 50),
            new Expected(JournalKind.PREPARE, p1.value(), -30, -50, -30, 0),
            new Expected(JournalKind.COMMIT, p1.value(), 0, 0, -30, 0),
            new Expected(JournalKind.PREPARE, p2.value(), -20, 0, -50, 0),
            new Expected(JournalKind.REJECT, p2.value(), 20, 0, -30, 0),
            new Expected(JournalKind.PREPARE, null, -5, 0, -35, 0),
            new Expected(JournalKind.REJECT, null, 5, 0, -30, 0),
            new Expected(JournalKind.FULFILL, f1.value(), 100, 0, 70, 0),
            new Expected(JournalKind.SETTLEMENT_OPENED, s1.toString(), -70, 0, 0, 0),
            new Expected(JournalKind.SETTLEMENT_FAILED, s1.toString(), 70, 0, 70, 0),
            new Expected(JournalKind.FULFILL, null, 30, 0, 100, 0),
            new Expected(JournalKind.SETTLEMENT_OPENED, s2.toString(), -100, 0, 0, 0),
            new Expected(JournalKind.SETTLEMENT_SUCCEEDED, s2.toString(), 0, 0, 0, 0));
    List<JournalEntry> journal = journalOf(a);
    assertThat(journal).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JournalEntry j = journal.get(i);
      Expected x = expected.get(i);
      String what = "journal entry " + (i + 1) + " " + j;
      assertThat(j.account()).as(what).isEqualTo(a);
      assertThat(j.sequence()).as(what).isEqualTo(i + 1);
      assertThat(j.kind()).as(what).isEqualTo(x.kind());
      assertThat(j.reference()).as(what).isEqualTo(x.reference());
      assertThat(j.clearingDelta()).as(what).isEqualTo(x.clearingDelta());
      assertThat(j.prepaidDelta()).as(what).isEqualTo(x.prepaidDelta());
      assertThat(j.balance()).as(what).isEqualTo(new AccountBalance(a, x.clearing(), x.prepaid()));
      assertThat(j.at()).as(what).isBetween(start, end);
      assertThat(j.at().getNano() % 1_000_000).as(what + ": at in millis").isZero();
    }
    assertThat(journal).isSortedAccordingTo((x, y) -> x.at().compareTo(y.at()));
    assertDeltasSumToBalance(a, journal);

    // paging
    assertThat(tracker.journal(a, 3, 2)).extracting(JournalEntry::sequence).containsExactly(3L, 4L);
    assertThat(tracker.journal(a, 12, 10))
        .extracting(JournalEntry::sequence)
        .containsExactly(12L, 13L);
    assertThat(tracker.journal(a, 14, 10)).isEmpty();
    assertThat(tracker.journal(a, 1, 1)).containsExactly(journal.get(0));
    assertThat(tracker.journal(a, 1, 100)).isEqualTo(journal);
    assertThat(tracker.journal(account("journal-untouched"), 1, 10)).isEmpty();
  }

  private record Expected(
      JournalKind kind,
      String reference,
      long clearingDelta,
      long prepaidDelta,
      long clearing,
      long prepaid) {}

  @Test
  @DisplayName(
      "on a randomized identified workload (seeded) with replays, every account's journal is"
          + " complete, gap-free, and its deltas sum to its balance")
  void journalSumsToBalanceOnARandomWorkload() {
    Random rnd = new Random(13);
    AccountId[] acc = {account("rand0"), account("rand1"), account("rand2")};
    long[] changes = new long[acc.length];
    List<PrepareResult> open = new ArrayList<>();
    List<PrepareRequest> donePrepares = new ArrayList<>();
    List<FulfillRequest> doneFulfills = new ArrayList<>();
    List<SettlementId> pending = new ArrayList<>();
    BalanceSettings settle = BalanceSettings.settleAt(300, 50);
    for (int n = 0; n < 300; n++) {
      int k = rnd.nextInt(acc.length);
      AccountId a = acc[k];
      int roll = rnd.nextInt(100);
      if (roll < 25) {
        PrepareRequest r =
            new PrepareRequest(
                a, 1 + rnd.nextInt(120), rnd.nextBoolean() ? null : -200L, operationId("p"), null);
        try {
          PrepareResult p = prepareHeld(tracker, r);
          open.add(p);
          donePrepares.add(r);
          changes[k]++;
        } catch (InsufficientBalanceException e) {
          // refused: nothing recorded
        }
      } else if (roll < 35 && !open.isEmpty()) {
        PrepareResult p = open.remove(rnd.nextInt(open.size()));
        tracker.commit(p.hold().orElseThrow());
        changes[index(acc, p.account())]++;
      } else if (roll < 45 && !open.isEmpty()) {
        PrepareResult p = open.remove(rnd.nextInt(open.size()));
        if (rnd.nextBoolean()) {
          tracker.reject(p);
        } else {
          tracker.reject(p.hold().orElseThrow());
        }
        changes[index(acc, p.account())]++;
      } else if (roll < 65) {
        FulfillRequest f = new FulfillRequest(a, 1 + rnd.nextInt(150), settle, operationId("f"));
        FulfillResult r = tracker.fulfill(f);
        doneFulfills.add(f);
        changes[k]++;
        if (r.settlement() != null) {
          pending.add(r.settlement().id());
          changes[k]++;
        }
      } else if (roll < 72 && !pending.isEmpty()) {
        SettlementId s = pending.remove(rnd.nextInt(pending.size()));
        if (rnd.nextBoolean()) {
          tracker.settlementSucceeded(s);
        } else {
          tracker.settlementFailed(s);
        }
        changes[index(acc, s.account())]++;
      } else if (roll < 78) {
        tracker.incomingSettlement(key("in"), a, 1 + rnd.nextInt(80));
        changes[k]++;
      } else if (roll < 84) {
        tracker.reject(tracker.prepare(a, 1 + rnd.nextInt(30)));
        changes[k] += 2;
      } else if (roll < 92 && !donePrepares.isEmpty()) {
        PrepareRequest r = donePrepares.get(rnd.nextInt(donePrepares.size()));
        assertThat(tracker.prepare(r).replayed()).as("repeat of %s", r).isTrue();
      } else if (!doneFulfills.isEmpty()) {
        FulfillRequest f = doneFulfills.get(rnd.nextInt(doneFulfills.size()));
        assertThat(tracker.fulfill(f).replayed()).as("repeat of %s", f).isTrue();
      }
    }
    for (PrepareResult p : open) {
      tracker.reject(p.hold().orElseThrow());
      changes[index(acc, p.account())]++;
    }
    for (int k = 0; k < acc.length; k++) {
      List<JournalEntry> journal = journalOf(acc[k]);
      assertThat(journal).as("journal of %s", acc[k]).hasSize((int) changes[k]);
      assertDeltasSumToBalance(acc[k], journal);
    }
  }

  private static int index(AccountId[] acc, AccountId a) {
    return Arrays.asList(acc).indexOf(a);
  }

  // ================================================================ crash recovery

  @Test
  @DisplayName(
      "crash recovery: holds made by a tracker that is then closed are listed by a new one,"
          + " which commits some, and expiry releases the rest")
  void crashRecovery() {
    Assumptions.assumeTrue(
        trackersShareTheirStore(),
        "each tracker from createTracker() has its own store: a closed tracker's holds cannot"
            + " be recovered through another one");
    AccountId a = account("crash-a");
    AccountId b = account("crash-b");
    Instant expires = storeTime().plus(Duration.ofMillis(800));
    Instant far = expires.plus(Duration.ofHours(1));
    List<HoldRef> onA = new ArrayList<>();
    List<HoldRef> onB = new ArrayList<>();
    try (BalanceTracker first = createTracker()) {
      first.incomingSettlement(key("seed"), a, 100);
      first.incomingSettlement(key("seed"), b, 100);
      onA.add(
          prepareHeld(first, new PrepareRequest(a, 10, null, operationId("k1"), far))
              .hold()
              .orElseThrow());
      onA.add(
          prepareHeld(first, new PrepareRequest(a, 11, null, operationId("k2"), null))
              .hold()
              .orElseThrow());
      onA.add(
          prepareHeld(first, new PrepareRequest(a, 12, null, operationId("k3"), expires))
              .hold()
              .orElseThrow());
      onB.add(
          prepareHeld(first, new PrepareRequest(b, 13, null, operationId("k4"), expires))
              .hold()
              .orElseThrow());
      onB.add(
          prepareHeld(first, new PrepareRequest(b, 14, null, operationId("k5"), null))
              .hold()
              .orElseThrow());
    } // the connector "crashes": its tracker is gone, the holds stay with the store

    try (BalanceTracker second = createTracker()) {
      assertThat(second.holds(a)).extracting(Hold::ref).containsExactlyElementsOf(onA);
      assertThat(second.holds(b)).extracting(Hold::ref).containsExactlyElementsOf(onB);
      assertThat(second.holds(a)).extracting(Hold::amount).containsExactly(10L, 11L, 12L);
      Map<HoldRef, Integer> listed = listAll(second, 100);
      for (HoldRef ref : concat(onA, onB)) {
        assertThat(listed.get(ref)).as("times %s was listed", ref).isEqualTo(1);
      }
      // resolve: commit those that did not expire
      for (HoldRef ref : List.of(onA.get(0), onA.get(1), onB.get(1))) {
        assertThat(second.commit(ref).hold().state()).isEqualTo(HoldState.COMMITTED);
      }
      awaitStoreTimePast(expires);
      expireUntilReleased(second, Set.of(onA.get(2), onB.get(0)));
      assertThat(second.hold(onA.get(2)).orElseThrow().state()).isEqualTo(HoldState.EXPIRED);
      assertThat(second.hold(onB.get(0)).orElseThrow().state()).isEqualTo(HoldState.EXPIRED);
      assertThat(second.holds(a)).isEmpty();
      assertThat(second.holds(b)).isEmpty();
      assertThat(second.balance(a)).isEqualTo(new AccountBalance(a, 0, 79));
      assertThat(second.balance(b)).isEqualTo(new AccountBalance(b, 0, 86));
      assertThat(journalOf(second, a))
          .extracting(JournalEntry::kind)
          .containsExactly(
              JournalKind.INCOMING_SETTLEMENT,
              JournalKind.PREPARE,
              JournalKind.PREPARE,
              JournalKind.PREPARE,
              JournalKind.COMMIT,
              JournalKind.COMMIT,
              JournalKind.EXPIRY);
    }
  }

  // ================================================================ concurrency

  @Test
  @DisplayName(
      "16 threads of identified operations on hot accounts, each called twice with the same id"
          + " (a retry), end with the balances of a model that applies each once")
  void concurrentRetriedIdentifiedOperations() throws Exception {
    int threads = 16;
    int ops = Math.max(20, concurrentOperationsPerThread() / 2);
    AccountId[] acc = new AccountId[4];
    Long[] mins = {0L, -300L, null, null};
    long seed = 500;
    for (int i = 0; i < acc.length; i++) {
      acc[i] = account("retry-hot" + i);
      tracker.incomingSettlement(key("seed"), acc[i], seed);
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<RetryTally>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(retryWorker(start, acc, mins, ops, 977L * t + 3)));
      }
      start.countDown();
      RetryTally total = new RetryTally(acc.length);
      for (Future<RetryTally> f : futures) {
        total.add(f.get(10, TimeUnit.MINUTES));
      }
      assertThat(total.problems).as("problems seen by the worker threads").isEmpty();
      assertThat(total.replays).as("replayed answers").isPositive();
      for (int i = 0; i < acc.length; i++) {
        AccountBalance b = tracker.balance(acc[i]);
        assertThat(b)
            .as("balance of %s", acc[i])
            .isEqualTo(new AccountBalance(acc[i], total.clearing[i], seed + total.prepaid[i]));
        if (mins[i] != null) {
          assertThat(b.netBalance()).isGreaterThanOrEqualTo(mins[i]);
        }
        assertThat(tracker.holds(acc[i])).as("holds left on %s", acc[i]).isEmpty();
        List<JournalEntry> first = tracker.journal(acc[i], 1, 1);
        if (!first.isEmpty() && first.get(0).sequence() == 1) {
          // complete (not trimmed by a retention limit): the deltas sum to the balance
          assertDeltasSumToBalance(acc[i], journalOf(acc[i]));
        }
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }

  private Callable<RetryTally> retryWorker(
      CountDownLatch start, AccountId[] acc, Long[] mins, int ops, long seed) {
    return () -> {
      RetryTally tally = new RetryTally(acc.length);
      Random rnd = new Random(seed);
      List<PrepareResult> own = new ArrayList<>();
      start.await();
      try {
        for (int n = 0; n < ops; n++) {
          int k = rnd.nextInt(acc.length);
          int roll = rnd.nextInt(100);
          if (roll < 40 || own.isEmpty() && roll >= 60) {
            PrepareRequest r =
                new PrepareRequest(acc[k], 1 + rnd.nextInt(100), mins[k], operationId("p"), null);
            PrepareResult applied = null;
            for (int attempt = 0; attempt < 2; attempt++) {
              try {
                PrepareResult p = tracker.prepare(r);
                if (applied == null) {
                  if (p.replayed()) {
                    tally.problems.add("first success of " + r + " is a replay: " + p);
                  }
                  applied = p;
                  tally.clearing[k] -= p.fromClearing();
                  tally.prepaid[k] -= p.fromPrepaid();
                  if (mins[k] != null && p.balance().netBalance() < mins[k]) {
                    tally.problems.add("prepare below the minimum: " + p);
                  }
                } else if (!p.equals(applied.asReplay())) {
                  tally.problems.add("repeat of " + r + " answered " + p + ", not " + applied);
                } else {
                  tally.replays++;
                }
              } catch (InsufficientBalanceException e) {
                if (applied != null || mins[k] == null) {
                  tally.problems.add("refusal of " + r + " after success or without min: " + e);
                }
              }
            }
            if (applied != null) {
              own.add(applied);
            }
          } else if (roll < 60) {
            FulfillRequest f =
                new FulfillRequest(acc[k], 1 + rnd.nextInt(40), NONE, operationId("f"));
            FulfillResult r1 = tracker.fulfill(f);
            FulfillResult r2 = tracker.fulfill(f);
            tally.clearing[k] += f.amount();
            if (r1.replayed() || !r2.equals(r1.asReplay())) {
              tally.problems.add("fulfill " + f + " answered " + r1 + " then " + r2);
            } else {
              tally.replays++;
            }
          } else if (roll < 80) {
            PrepareResult p = own.remove(rnd.nextInt(own.size()));
            HoldResult c1 = tracker.commit(p.hold().orElseThrow());
            HoldResult c2 = tracker.commit(p.hold().orElseThrow());
            if (c1.replayed()
                || c1.hold().state() != HoldState.COMMITTED
                || !c2.equals(c1.asReplay())) {
              tally.problems.add("commit of " + p + " answered " + c1 + " then " + c2);
            } else {
              tally.replays++;
            }
          } else {
            PrepareResult p = own.remove(rnd.nextInt(own.size()));
            int i = index(acc, p.account());
            tally.clearing[i] += p.fromClearing();
            tally.prepaid[i] += p.fromPrepaid();
            if (rnd.nextBoolean()) {
              HoldResult r1 = tracker.reject(p.hold().orElseThrow());
              AccountBalance r2 = tracker.reject(p);
              if (r1.replayed()
                  || r1.hold().state() != HoldState.REJECTED
                  || !r2.equals(r1.balance())) {
                tally.problems.add("reject of " + p + " answered " + r1 + " then " + r2);
              }
            } else {
              AccountBalance r1 = tracker.reject(p);
              HoldResult r2 = tracker.reject(p.hold().orElseThrow());
              if (!r2.replayed() || !r2.balance().equals(r1)) {
                tally.problems.add("reject of " + p + " answered " + r1 + " then " + r2);
              }
            }
            tally.replays++;
          }
        }
        for (PrepareResult p : own) {
          tracker.reject(p.hold().orElseThrow());
          int i = index(acc, p.account());
          tally.clearing[i] += p.fromClearing();
          tally.prepaid[i] += p.fromPrepaid();
        }
      } catch (RuntimeException e) {
        tally.problems.add("operation failed: " + e);
      }
      return tally;
    };
  }

  private static final class RetryTally {
    final long[] clearing;
    final long[] prepaid;
    final List<String> problems = new ArrayList<>();
    long replays;

    RetryTally(int accounts) {
      clearing = new long[accounts];
      prepaid = new long[accounts];
    }

    void add(RetryTally o) {
      for (int i = 0; i < clearing.length; i++) {
        clearing[i] += o.clearing[i];
        prepaid[i] += o.prepaid[i];
      }
      problems.addAll(o.problems);
      replays += o.replays;
    }
  }

  // ================================================================ nulls

  @Test
  @DisplayName(
      "a null argument of a new method, or a null item of a new batch, is NullPointerException"
          + " naming the parameter, and changes nothing")
  void exactlyOnceNullArguments() {
    AccountId a = account("eo-nulls");
    tracker.fulfill(a, 10, NONE);
    HoldRef ref = heldRef(a, 1);
    OperationId inBatch = operationId("batch");
    OperationId inFulfills = operationId("fbatch");
    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    calls.put("commit(null)", () -> tracker.commit(null));
    calls.put("reject((HoldRef) null)", () -> tracker.reject((HoldRef) null));
    calls.put("commitHolds(null)", () -> tracker.commitHolds(null));
    calls.put("rejectHolds(null)", () -> tracker.rejectHolds(null));
    calls.put("commitHolds([ref, null])", () -> tracker.commitHolds(Arrays.asList(ref, null)));
    calls.put("rejectHolds([ref, null])", () -> tracker.rejectHolds(Arrays.asList(ref, null)));
    calls.put("hold(null)", () -> tracker.hold(null));
    calls.put("holds((AccountId) null)", () -> tracker.holds((AccountId) null));
    calls.put("journal(null, 1, 10)", () -> tracker.journal(null, 1, 10));
    calls.put(
        "prepareAll([identified, null])",
        () ->
            tracker.prepareAll(Arrays.asList(new PrepareRequest(a, 1, null, inBatch, null), null)));
    calls.put(
        "fulfillAll([identified, null])",
        () -> tracker.fulfillAll(Arrays.asList(new FulfillRequest(a, 1, NONE, inFulfills), null)));
    for (Map.Entry<String, ThrowingCallable> c : calls.entrySet()) {
      NullPointerException e = refusedUnchanged(NullPointerException.class, c.getValue(), a);
      assertThat(e)
          .as(c.getKey())
          .hasMessageMatching("(?s).*\\b(hold|holds|account|requests)\\b.*");
    }
    assertThat(tracker.hold(ref).orElseThrow().state()).isEqualTo(HoldState.HELD);
    // the ids of the refused batches were never bound
    assertThat(prepareHeld(tracker, new PrepareRequest(a, 2, null, inBatch, null)).replayed())
        .isFalse();
    assertThat(tracker.fulfill(new FulfillRequest(a, 2, NONE, inFulfills)).replayed()).isFalse();
  }

  // ================================================================ helpers

  /** Prepares with {@code t} and registers the hold for release when the case ends. */
  private PrepareResult prepareHeld(BalanceTracker t, PrepareRequest request) {
    if (request.id() != null) {
      leftHeld.add(HoldRef.of(request.account(), request.id()));
    }
    return t.prepare(request);
  }

  private HoldRef heldRef(AccountId a, long amount) {
    return prepareHeld(tracker, new PrepareRequest(a, amount, null, operationId("h"), null))
        .hold()
        .orElseThrow();
  }

  /**
   * Reads the store's time: the {@code createdAt} of a probe hold of amount 0, released at once.
   *
   * @return the store's time, to the millisecond
   */
  private Instant storeTime() {
    AccountId probe = account("store-clock");
    OperationId id = operationId("clock");
    HoldRef ref = HoldRef.of(probe, id);
    tracker.prepare(new PrepareRequest(probe, 0, null, id, null));
    Hold h = tracker.hold(ref).orElseThrow(() -> new AssertionError("probe hold " + ref + " lost"));
    tracker.reject(ref);
    return h.createdAt();
  }

  /** Waits, at most {@link #WAIT_BOUND}, until the store's time is after {@code instant}. */
  private void awaitStoreTimePast(Instant instant) {
    long deadline = System.nanoTime() + WAIT_BOUND.toNanos();
    while (true) {
      Instant now = storeTime();
      if (now.isAfter(instant)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail("the store's time " + now + " did not pass " + instant + " within " + WAIT_BOUND);
      }
      sleep(Math.min(100, Duration.between(now, instant).toMillis() + 2));
    }
  }

  /**
   * Calls {@code expireHolds} until every hold of {@code refs} is no longer held (others sharing
   * the store may release some), at most {@link #WAIT_BOUND}.
   *
   * @return the holds of {@code refs} these calls released
   */
  private List<Hold> expireUntilReleased(BalanceTracker t, Set<HoldRef> refs) {
    List<Hold> ours = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT_BOUND.toNanos();
    while (true) {
      for (Hold h : t.expireHolds(100)) {
        assertThat(h.state()).as("state of released %s", h.ref()).isEqualTo(HoldState.EXPIRED);
        if (refs.contains(h.ref())) {
          ours.add(h);
        }
      }
      if (noneHeld(t, refs)) {
        return ours;
      }
      if (System.nanoTime() > deadline) {
        fail("expireHolds did not release " + refs + " within " + WAIT_BOUND);
      }
      sleep(10);
    }
  }

  private static boolean noneHeld(BalanceTracker t, Set<HoldRef> refs) {
    for (HoldRef ref : refs) {
      Optional<Hold> h = t.hold(ref);
      if (h.isEmpty() || h.get().state() == HoldState.HELD) {
        return false;
      }
    }
    return true;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private List<JournalEntry> journalOf(AccountId a) {
    return journalOf(tracker, a);
  }

  /** Reads an account's whole retained journal, in pages of 100. */
  private static List<JournalEntry> journalOf(BalanceTracker t, AccountId a) {
    List<JournalEntry> all = new ArrayList<>();
    long from = 1;
    while (true) {
      List<JournalEntry> page = t.journal(a, from, 100);
      assertThat(page).as("journal page of %s from %d", a, from).hasSizeLessThanOrEqualTo(100);
      all.addAll(page);
      if (page.size() < 100) {
        return all;
      }
      from = last(page).sequence() + 1;
    }
  }

  /** Checks a complete journal: sequences 1.. without gaps, running sums, and the balance. */
  private void assertDeltasSumToBalance(AccountId a, List<JournalEntry> journal) {
    long clearing = 0;
    long prepaid = 0;
    for (int i = 0; i < journal.size(); i++) {
      JournalEntry j = journal.get(i);
      assertThat(j.sequence()).as("sequence of entry %d of %s", i, a).isEqualTo(i + 1L);
      clearing += j.clearingDelta();
      prepaid += j.prepaidDelta();
      assertThat(j.balance())
          .as("balance after entry %d of %s (%s)", i + 1, a, j)
          .isEqualTo(new AccountBalance(a, clearing, prepaid));
    }
    assertThat(new AccountBalance(a, clearing, prepaid))
        .as("sum of the journal deltas of %s", a)
        .isEqualTo(tracker.balance(a));
  }

  private static <T> T last(List<T> list) {
    assertThat(list).isNotEmpty();
    return list.get(list.size() - 1);
  }

  private static <T> List<T> concat(List<T> x, List<T> y) {
    List<T> out = new ArrayList<>(x);
    out.addAll(y);
    return out;
  }

  private static Throwable failure(Outcome<?> o) {
    assertThat(o).isInstanceOf(Outcome.Failure.class);
    return ((Outcome.Failure<?>) o).error();
  }

  /** What a case compares to prove that a call changed nothing on an account. */
  private record Snapshot(
      AccountBalance balance,
      List<PendingSettlement> pending,
      List<Hold> holds,
      List<JournalEntry> journal) {}

  private Snapshot snapshot(AccountId a) {
    return new Snapshot(
        tracker.balance(a), tracker.pendingSettlements(a), tracker.holds(a), journalOf(a));
  }

  /**
   * Asserts that a call fails with the given exception type and leaves the balance, pending
   * settlements, holds and journal of the given accounts as they were.
   */
  private <T extends Throwable> T refusedUnchanged(
      Class<T> type, ThrowingCallable call, AccountId... accounts) {
    List<Snapshot> before = new ArrayList<>();
    for (AccountId a : accounts) {
      before.add(snapshot(a));
    }
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the refusal").isInstanceOf(type);
    for (int i = 0; i < accounts.length; i++) {
      assertThat(snapshot(accounts[i]))
          .as("state of %s after the refusal %s", accounts[i], thrown)
          .isEqualTo(before.get(i));
    }
    return type.cast(thrown);
  }
}
