package io.ledgerkit.persistence.testkit.balance;

import static io.ledgerkit.persistence.testkit.balance.ContractSupport.NONE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.OperationConflictException;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The operation-id part of the exactly-once contract: a repeat of an identified prepare or fulfill
 * after a lost reply returns the first result and changes nothing, the same id for another request
 * is a conflict, ids are scoped to their account, unidentified calls keep their behaviour, a
 * refused prepare records nothing, calls after close and id validation. {@link
 * BalanceTrackerContract} runs it with every other part.
 */
public interface OperationIdContract extends BalanceTrackerFixture {

  // ================================================================ operation ids

  /**
   * A repeated identified prepare (the first reply lost) returns the first result marked replayed,
   * with the balance recorded then, and changes nothing.
   */
  @Test
  @DisplayName(
      "a repeated identified prepare (the first reply lost) returns the first result marked"
          + " replayed, with the balance recorded then, and changes nothing")
  default void identifiedPrepareReplays() {
    AccountId a = account("replay");
    tracker().incomingSettlement(key("seed"), a, 30);
    OperationId id = operationId("p");
    PrepareRequest req = new PrepareRequest(a, 50, -100L, id, null);
    PrepareResult first = prepareHeld(tracker(), req);
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
    PrepareResult again = tracker().prepare(req);
    assertThat(again).isEqualTo(first.asReplay());
    assertThat(again.replayed()).isTrue();
    assertThat(snapshot(a)).as("state after the replay").isEqualTo(afterFirst);

    // later changes do not alter the answer: it is the first call's, balance included
    tracker().fulfill(a, 7, NONE);
    Snapshot afterFulfill = snapshot(a);
    assertThat(tracker().prepare(req)).isEqualTo(first.asReplay());
    // the expiry is not compared: the first one stands
    assertThat(tracker().prepare(req.expiringAt(Instant.now().plus(Duration.ofHours(1)))))
        .isEqualTo(first.asReplay());
    assertThat(tracker().prepareAll(List.of(req)))
        .singleElement()
        .satisfies(o -> assertThat(o.get()).isEqualTo(first.asReplay()));
    assertThat(snapshot(a)).as("state after the later replays").isEqualTo(afterFulfill);

    // a replay after the hold was resolved still answers the first result
    tracker().commit(HoldRef.of(a, id));
    AccountBalance committed = tracker().balance(a);
    assertThat(tracker().prepare(req)).isEqualTo(first.asReplay());
    assertThat(tracker().balance(a)).isEqualTo(committed);
  }

  /**
   * An operation id reused with another amount, another minimum or for a fulfill on the same
   * account is OperationConflictException naming it, and changes nothing.
   */
  @Test
  @DisplayName(
      "an operation id reused with another amount, another minimum or for a fulfill on the same"
          + " account is OperationConflictException naming it, and changes nothing")
  default void operationIdConflicts() {
    AccountId a = account("conflict");
    tracker().fulfill(a, 100, NONE);
    OperationId id = operationId("p");
    PrepareRequest req = new PrepareRequest(a, 50, -100L, id, null);
    PrepareResult first = prepareHeld(tracker(), req);
    HoldRef ref = HoldRef.of(a, id);

    Map<String, ThrowingCallable> conflicts = new LinkedHashMap<>();
    conflicts.put(
        "other amount", () -> tracker().prepare(new PrepareRequest(a, 51, -100L, id, null)));
    conflicts.put(
        "other minimum", () -> tracker().prepare(new PrepareRequest(a, 50, -99L, id, null)));
    conflicts.put("no minimum", () -> tracker().prepare(new PrepareRequest(a, 50, null, id, null)));
    conflicts.put("a fulfill", () -> tracker().fulfill(new FulfillRequest(a, 50, NONE, id)));
    for (Map.Entry<String, ThrowingCallable> c : conflicts.entrySet()) {
      OperationConflictException e =
          refusedUnchanged(OperationConflictException.class, c.getValue(), a);
      assertThat(e.ref()).as(c.getKey()).isEqualTo(ref);
      assertThat(e.getMessage()).as(c.getKey()).contains(id.value());
    }
    assertThat(tracker().prepare(req))
        .as("the first prepare still replays")
        .isEqualTo(first.asReplay());

    // a fulfill's id names no hold: a prepare with it conflicts, commit and reject too
    OperationId f = operationId("f");
    tracker().fulfill(new FulfillRequest(a, 5, NONE, f));
    HoldRef fref = HoldRef.of(a, f);
    Map<String, ThrowingCallable> onFulfill = new LinkedHashMap<>();
    onFulfill.put("prepare", () -> tracker().prepare(new PrepareRequest(a, 5, null, f, null)));
    onFulfill.put(
        "fulfill of another amount", () -> tracker().fulfill(new FulfillRequest(a, 6, NONE, f)));
    onFulfill.put("commit", () -> tracker().commit(fref));
    onFulfill.put("reject", () -> tracker().reject(fref));
    for (Map.Entry<String, ThrowingCallable> c : onFulfill.entrySet()) {
      OperationConflictException e =
          refusedUnchanged(OperationConflictException.class, c.getValue(), a);
      assertThat(e.ref()).as(c.getKey()).isEqualTo(fref);
      assertThat(e.getMessage()).as(c.getKey()).contains(f.value());
    }
    assertThat(tracker().hold(fref)).as("a fulfill is not a hold").isEmpty();
  }

  /** The same operation id on two accounts names two operations. */
  @Test
  @DisplayName("the same operation id on two accounts names two operations")
  default void operationIdsAreScopedToTheirAccount() {
    AccountId a = account("scoped-a");
    AccountId b = account("scoped-b");
    AccountId c = account("scoped-c");
    OperationId id = operationId("packet");
    PrepareResult pa = prepareHeld(tracker(), new PrepareRequest(a, 10, null, id, null));
    PrepareResult pb = prepareHeld(tracker(), new PrepareRequest(b, 25, null, id, null));
    FulfillResult fc = tracker().fulfill(new FulfillRequest(c, 40, NONE, id));
    assertThat(pa.replayed()).isFalse();
    assertThat(pb.replayed()).isFalse();
    assertThat(fc.replayed()).isFalse();
    assertThat(fc.id()).isEqualTo(id);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, -10, 0));
    assertThat(tracker().balance(b)).isEqualTo(new AccountBalance(b, -25, 0));
    assertThat(tracker().balance(c)).isEqualTo(new AccountBalance(c, 40, 0));
    assertThat(tracker().hold(HoldRef.of(a, id))).get().extracting(Hold::amount).isEqualTo(10L);
    assertThat(tracker().hold(HoldRef.of(b, id))).get().extracting(Hold::amount).isEqualTo(25L);
    tracker().commit(HoldRef.of(a, id));
    assertThat(tracker().hold(HoldRef.of(b, id)))
        .get()
        .extracting(Hold::state)
        .isEqualTo(HoldState.HELD);
  }

  /**
   * A repeated identified fulfill returns the same settlement marked replayed and never opens a
   * second one; another amount is OperationConflictException.
   */
  @Test
  @DisplayName(
      "a repeated identified fulfill returns the same settlement marked replayed and never opens"
          + " a second one; another amount is OperationConflictException")
  default void identifiedFulfillReplaysItsSettlement() {
    AccountId a = account("fulfill-replay");
    BalanceSettings settle = BalanceSettings.settleAt(100, 10);
    OperationId below = operationId("below");
    FulfillRequest small = new FulfillRequest(a, 60, settle, below);
    FulfillResult f1 = tracker().fulfill(small);
    assertThat(f1.settlement()).isNull();
    assertThat(f1.id()).isEqualTo(below);
    assertThat(f1.replayed()).isFalse();
    assertThat(tracker().fulfill(small)).isEqualTo(f1.asReplay());
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 60, 0));

    OperationId over = operationId("over");
    FulfillRequest big = new FulfillRequest(a, 50, settle, over);
    FulfillResult f2 = tracker().fulfill(big);
    assertThat(f2.settlement()).isNotNull();
    assertThat(f2.settlement().amount()).isEqualTo(100);
    assertThat(f2.balance()).isEqualTo(new AccountBalance(a, 10, 0));
    Snapshot after = snapshot(a);
    FulfillResult again = tracker().fulfill(big);
    assertThat(again).isEqualTo(f2.asReplay());
    assertThat(again.replayed()).isTrue();
    assertThat(snapshot(a)).isEqualTo(after);
    assertThat(tracker().pendingSettlements(a)).containsExactly(f2.settlement());
    // other settings do not matter for a repeat: the first settlement stands
    assertThat(tracker().fulfill(new FulfillRequest(a, 50, NONE, over))).isEqualTo(f2.asReplay());
    assertThat(tracker().fulfillAll(List.of(big)))
        .singleElement()
        .satisfies(o -> assertThat(o.get()).isEqualTo(f2.asReplay()));
    // still the same answer after the settlement closed
    tracker().settlementSucceeded(f2.settlement().id());
    Snapshot closed = snapshot(a);
    assertThat(tracker().fulfill(big)).isEqualTo(f2.asReplay());
    assertThat(snapshot(a)).isEqualTo(closed);

    OperationConflictException e =
        refusedUnchanged(
            OperationConflictException.class,
            () -> tracker().fulfill(new FulfillRequest(a, 51, settle, over)),
            a);
    assertThat(e.ref()).isEqualTo(HoldRef.of(a, over));
    assertThat(e.getMessage()).contains(over.value());
  }

  /**
   * Without an id a prepare, fulfill and reject behave as before: each call applies (at most once
   * under faults), no hold, no replay.
   */
  @Test
  @DisplayName(
      "without an id a prepare, fulfill and reject behave as before: each call applies (at most"
          + " once under faults), no hold, no replay")
  default void unidentifiedOperationsUnchanged() {
    AccountId a = account("unidentified");
    PrepareRequest req = PrepareRequest.of(a, 10);
    PrepareResult p1 = tracker().prepare(req);
    PrepareResult p2 = tracker().prepare(req);
    for (PrepareResult p : List.of(p1, p2)) {
      assertThat(p.id()).isNull();
      assertThat(p.expiresAt()).isNull();
      assertThat(p.replayed()).isFalse();
      assertThat(p.identified()).isFalse();
      assertThat(p.hold()).isEmpty();
    }
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, -20, 0));
    assertThat(tracker().holds(a)).isEmpty();
    FulfillRequest f = FulfillRequest.of(a, 7);
    FulfillResult f1 = tracker().fulfill(f);
    FulfillResult f2 = tracker().fulfill(f);
    assertThat(f1.id()).isNull();
    assertThat(f1.replayed()).isFalse();
    assertThat(f2.replayed()).isFalse();
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, -6, 0));
    tracker().reject(p1);
    tracker().reject(p1); // unidentified: each reject gives back again, as before
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 14, 0));
    assertThat(journalOf(a)).extracting(JournalEntry::reference).containsOnlyNulls().hasSize(6);
  }

  /**
   * A refused identified prepare (insufficient balance) records nothing: the same id may succeed
   * later.
   */
  @Test
  @DisplayName(
      "a refused identified prepare (insufficient balance) records nothing: the same id may"
          + " succeed later")
  default void refusedPrepareRecordsNothing() {
    AccountId a = account("refused");
    OperationId id = operationId("p");
    PrepareRequest req = new PrepareRequest(a, 40, 0L, id, null);
    refusedUnchanged(InsufficientBalanceException.class, () -> tracker().prepare(req), a);
    assertThat(tracker().hold(HoldRef.of(a, id))).isEmpty();
    assertThat(journalOf(a)).isEmpty();
    tracker().fulfill(a, 40, NONE);
    PrepareResult later = prepareHeld(tracker(), req);
    assertThat(later.replayed()).isFalse();
    assertThat(later.balance()).isEqualTo(new AccountBalance(a, 0, 0));
    assertThat(tracker().hold(HoldRef.of(a, id))).isPresent();

    // refused for overflow: nothing recorded either, for a prepare and for a fulfill
    AccountId o = account("refused-overflow");
    tracker().prepare(o, Long.MAX_VALUE); // clearing MIN + 1
    OperationId po = operationId("po");
    PrepareRequest tooMuch = new PrepareRequest(o, 2, null, po, null);
    refusedUnchanged(BalanceOverflowException.class, () -> tracker().prepare(tooMuch), o);
    assertThat(tracker().hold(HoldRef.of(o, po))).isEmpty();
    OperationId fo = operationId("fo");
    tracker().fulfill(o, Long.MAX_VALUE, NONE); // clearing 0
    tracker().fulfill(o, Long.MAX_VALUE, NONE); // clearing MAX
    FulfillRequest over = new FulfillRequest(o, 1, NONE, fo);
    refusedUnchanged(BalanceOverflowException.class, () -> tracker().fulfill(over), o);
    tracker().prepare(o, 10);
    assertThat(tracker().fulfill(over).replayed())
        .as("the refused fulfill's id was free")
        .isFalse();
    assertThat(prepareHeld(tracker(), tooMuch).replayed()).as("the refused prepare's id").isFalse();
    assertThat(tracker().balance(o)).isEqualTo(new AccountBalance(o, Long.MAX_VALUE - 11, 0));
  }

  /** After close the exactly-once methods are refused with IllegalStateException ('closed'). */
  @Test
  @DisplayName(
      "after close the exactly-once methods are refused with IllegalStateException ('closed')")
  default void exactlyOnceCallsAfterClose() {
    AccountId a = account("eo-closed");
    BalanceTracker t = newTracker();
    HoldRef ref =
        prepareHeld(t, new PrepareRequest(a, 1, null, operationId("c"), null)).hold().orElseThrow();
    t.close();
    List<ThrowingCallable> calls =
        List.of(
            () -> t.prepare(new PrepareRequest(a, 1, null, operationId("x"), null)),
            () -> t.fulfill(new FulfillRequest(a, 1, NONE, operationId("y"))),
            () -> t.commit(ref),
            () -> t.reject(ref),
            () -> t.commitHolds(List.of(ref)),
            () -> t.rejectHolds(List.of(ref)),
            () -> t.hold(ref),
            () -> t.holds(a),
            () -> t.holds((String) null, 10),
            () -> t.expireHolds(10),
            () -> t.journal(a, 1, 10));
    for (ThrowingCallable c : calls) {
      assertThat(catchThrowable(c))
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
    if (sharesStore()) {
      assertThat(tracker().hold(ref).orElseThrow().state()).isEqualTo(HoldState.HELD);
      assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, -1, 0));
    }
  }

  /**
   * OperationId: malformed text is IllegalArgumentException naming it, null is
   * NullPointerException, random() is a fresh UUID, and the longest legal id works.
   */
  @Test
  @DisplayName(
      "OperationId: malformed text is IllegalArgumentException naming it, null is"
          + " NullPointerException, random() is a fresh UUID, and the longest legal id works")
  default void operationIdValidation() {
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
    PrepareResult p = prepareHeld(tracker(), new PrepareRequest(a, 3, null, longest, null));
    assertThat(p.id()).isEqualTo(longest);
    assertThat(tracker().hold(HoldRef.of(a, longest)))
        .get()
        .extracting(Hold::id)
        .isEqualTo(longest);
    assertThat(tracker().holds(a)).extracting(Hold::id).containsExactly(longest);
    assertThat(tracker().commit(HoldRef.of(a, longest)).hold().id()).isEqualTo(longest);
    assertThat(journalOf(a))
        .extracting(JournalEntry::reference)
        .containsExactly(longest.value(), longest.value());
  }
}
