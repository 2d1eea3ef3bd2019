package io.ledgerkit.persistence.testkit.balance;

import static io.ledgerkit.persistence.testkit.balance.ContractSupport.NONE;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.failure;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.listAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.JournalKind;
import io.ledgerkit.persistence.balance.OperationConflictException;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.UnknownHoldException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The hold part of the exactly-once contract: a hold's state and split, commit, reject (also of a
 * prepare result), unknown holds, listing one account's and the whole store's held holds in pages,
 * the batch forms, bad arguments and nulls. {@link BalanceTrackerContract} runs it with every other
 * part.
 */
public interface HoldContract extends BalanceTrackerFixture {

  // ================================================================ holds

  /**
   * An identified prepare is a HELD hold with its split, createdAt by the store's time and
   * expiresAt to the millisecond; commit makes it COMMITTED, idempotently.
   */
  @Test
  @DisplayName(
      "an identified prepare is a HELD hold with its split, createdAt by the store's time and"
          + " expiresAt to the millisecond; commit makes it COMMITTED, idempotently")
  default void holdIsHeldThenCommitted() {
    AccountId a = account("hold");
    tracker().incomingSettlement(key("seed"), a, 30);
    OperationId id = operationId("h");
    Instant expires = Instant.now().plus(Duration.ofHours(1)).plusNanos(123_456);
    Instant before = storeTime();
    PrepareResult p = prepareHeld(tracker(), new PrepareRequest(a, 50, null, id, expires));
    Instant after = storeTime();
    Instant millis = expires.truncatedTo(ChronoUnit.MILLIS);
    assertThat(p.expiresAt()).isEqualTo(millis);
    HoldRef ref = HoldRef.of(a, id);
    Hold h = tracker().hold(ref).orElseThrow();
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
    assertThat(tracker().holds(a)).containsExactly(h);

    HoldResult c = tracker().commit(ref);
    Instant afterCommit = storeTime();
    assertThat(c.replayed()).isFalse();
    assertThat(c.hold().state()).isEqualTo(HoldState.COMMITTED);
    assertThat(c.hold().resolvedAt()).isBetween(h.createdAt(), afterCommit);
    assertThat(c.hold().ref()).isEqualTo(ref);
    assertThat(c.hold().amount()).isEqualTo(50);
    assertThat(c.balance()).isEqualTo(new AccountBalance(a, -20, 0));
    assertThat(tracker().balance(a)).as("a commit moves no money").isEqualTo(c.balance());
    assertThat(tracker().hold(ref)).contains(c.hold());
    assertThat(tracker().holds(a)).isEmpty();

    Snapshot committed = snapshot(a);
    assertThat(tracker().commit(ref)).isEqualTo(c.asReplay());
    assertThat(snapshot(a)).isEqualTo(committed);
    tracker().fulfill(a, 5, NONE);
    assertThat(tracker().commit(ref))
        .as("the balance recorded at the commit")
        .isEqualTo(c.asReplay());

    Map<String, ThrowingCallable> rejects = new LinkedHashMap<>();
    rejects.put("reject(HoldRef)", () -> tracker().reject(ref));
    rejects.put("reject(PrepareResult)", () -> tracker().reject(p));
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

  /**
   * Reject gives back the exact split once (prepaid only, clearing only, split), is idempotent, and
   * commit after reject is OperationConflictException naming both.
   */
  @Test
  @DisplayName(
      "reject gives back the exact split once (prepaid only, clearing only, split), is"
          + " idempotent, and commit after reject is OperationConflictException naming both")
  default void rejectGivesBackTheExactSplitOnce() {
    // prepaid only
    AccountId p = account("split-prepaid");
    tracker().incomingSettlement(key("p"), p, 100);
    rejectCase(p, 40, 40, 0, () -> tracker().fulfill(p, 3, NONE), new AccountBalance(p, 3, 100));
    // clearing only
    AccountId c = account("split-clearing");
    rejectCase(c, 40, 0, 40, () -> tracker().fulfill(c, 3, NONE), new AccountBalance(c, 3, 0));
    // split, and a change in between that a recomputed split would get wrong: the incoming
    // settlement pays down clearing (-20 -> -5), the reject still gives 20 to clearing, 30 to
    // prepaid
    AccountId s = account("split-both");
    tracker().incomingSettlement(key("s"), s, 30);
    rejectCase(
        s,
        50,
        30,
        20,
        () -> tracker().incomingSettlement(key("between"), s, 15),
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
    PrepareResult prep = prepareHeld(tracker(), new PrepareRequest(a, amount, null, id, null));
    assertThat(prep.fromPrepaid()).as("fromPrepaid of %s", a).isEqualTo(fromPrepaid);
    assertThat(prep.fromClearing()).as("fromClearing of %s", a).isEqualTo(fromClearing);
    between.run();
    HoldResult r = tracker().reject(ref);
    assertThat(r.replayed()).isFalse();
    assertThat(r.hold().state()).isEqualTo(HoldState.REJECTED);
    assertThat(r.hold().resolvedAt()).isNotNull();
    assertThat(r.hold().fromPrepaid()).isEqualTo(fromPrepaid);
    assertThat(r.hold().fromClearing()).isEqualTo(fromClearing);
    assertThat(r.balance()).as("balance of %s after the reject", a).isEqualTo(expected);
    assertThat(tracker().balance(a)).isEqualTo(expected);
    assertThat(tracker().hold(ref)).contains(r.hold());
    assertThat(tracker().holds(a)).isEmpty();
    Snapshot rejected = snapshot(a);
    assertThat(tracker().reject(ref)).isEqualTo(r.asReplay());
    assertThat(tracker().reject(prep)).isEqualTo(r.balance());
    assertThat(tracker().rejectHolds(List.of(ref)))
        .singleElement()
        .satisfies(o -> assertThat(o.get()).isEqualTo(r.asReplay()));
    assertThat(snapshot(a)).as("state of %s after repeated rejects", a).isEqualTo(rejected);
    OperationConflictException e =
        refusedUnchanged(OperationConflictException.class, () -> tracker().commit(ref), a);
    assertThat(e.ref()).isEqualTo(ref);
    assertThat(e.getMessage().toLowerCase())
        .contains(id.value())
        .contains("reject")
        .contains("commit");
  }

  /**
   * Reject(PrepareResult) of an identified prepare is reject(HoldRef): twice refunds once and
   * returns the release's balance; another amount or an unknown id is refused.
   */
  @Test
  @DisplayName(
      "reject(PrepareResult) of an identified prepare is reject(HoldRef): twice refunds once and"
          + " returns the release's balance; another amount or an unknown id is refused")
  default void rejectPrepareResultIsRejectHold() {
    AccountId a = account("reject-result");
    OperationId id = operationId("p");
    PrepareResult p = prepareHeld(tracker(), new PrepareRequest(a, 30, null, id, null));
    tracker().fulfill(a, 100, NONE);
    AccountBalance released = tracker().reject(p);
    assertThat(released).isEqualTo(new AccountBalance(a, 100, 0));
    tracker().fulfill(a, 1, NONE);
    Snapshot after = snapshot(a);
    assertThat(tracker().reject(p)).as("the balance recorded by the release").isEqualTo(released);
    assertThat(tracker().rejectAll(List.of(p, p)))
        .allSatisfy(o -> assertThat(o.get()).isEqualTo(released));
    HoldResult viaRef = tracker().reject(HoldRef.of(a, id));
    assertThat(viaRef.replayed()).isTrue();
    assertThat(viaRef.hold().state()).isEqualTo(HoldState.REJECTED);
    assertThat(viaRef.balance()).isEqualTo(released);
    assertThat(snapshot(a)).isEqualTo(after);

    // reject(HoldRef) first, then reject(PrepareResult): still one refund
    OperationId id2 = operationId("p2");
    PrepareResult p2 = prepareHeld(tracker(), new PrepareRequest(a, 9, null, id2, null));
    HoldResult r2 = tracker().reject(HoldRef.of(a, id2));
    assertThat(tracker().reject(p2)).isEqualTo(r2.balance());
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 101, 0));

    // a PrepareResult whose amount is not the hold's
    OperationId id3 = operationId("p3");
    PrepareResult p3 = prepareHeld(tracker(), new PrepareRequest(a, 10, null, id3, null));
    PrepareResult forged = new PrepareResult(a, 11, 0, 11, p3.balance(), id3, null, false);
    OperationConflictException e =
        refusedUnchanged(OperationConflictException.class, () -> tracker().reject(forged), a);
    assertThat(e.ref()).isEqualTo(HoldRef.of(a, id3));
    assertThat(tracker().hold(HoldRef.of(a, id3)).orElseThrow().state()).isEqualTo(HoldState.HELD);

    // an identified PrepareResult this store never made
    OperationId never = operationId("never");
    PrepareResult unknown = new PrepareResult(a, 5, 0, 5, p3.balance(), never, null, false);
    UnknownHoldException u =
        refusedUnchanged(UnknownHoldException.class, () -> tracker().reject(unknown), a);
    assertThat(u.ref()).isEqualTo(HoldRef.of(a, never));
  }

  /**
   * An unknown hold is UnknownHoldException naming it for commit and reject, and empty for
   * hold(ref), on touched and untouched accounts.
   */
  @Test
  @DisplayName(
      "an unknown hold is UnknownHoldException naming it for commit and reject, and empty for"
          + " hold(ref), on touched and untouched accounts")
  default void unknownHold() {
    AccountId touched = account("unknown-touched");
    tracker().fulfill(touched, 10, NONE);
    prepareHeld(tracker(), new PrepareRequest(touched, 1, null, operationId("other"), null));
    AccountId untouched = account("unknown-untouched");
    for (AccountId a : List.of(touched, untouched)) {
      HoldRef ref = HoldRef.of(a, operationId("missing"));
      for (ThrowingCallable call :
          List.<ThrowingCallable>of(() -> tracker().commit(ref), () -> tracker().reject(ref))) {
        UnknownHoldException e = refusedUnchanged(UnknownHoldException.class, call, a);
        assertThat(e.ref()).isEqualTo(ref);
        assertThat(e.getMessage()).contains(ref.id().value());
      }
      assertThat(tracker().hold(ref)).isEmpty();
      assertThat(tracker().commitHolds(List.of(ref)))
          .singleElement()
          .satisfies(o -> assertThat(failure(o)).isInstanceOf(UnknownHoldException.class));
      assertThat(tracker().rejectHolds(List.of(ref)))
          .singleElement()
          .satisfies(o -> assertThat(failure(o)).isInstanceOf(UnknownHoldException.class));
    }
    assertThat(tracker().balance(untouched)).isEqualTo(AccountBalance.zero(untouched));
  }

  // ================================================================ listing

  /**
   * Holds(account) lists only the HELD holds of that account, oldest first.
   *
   * @throws InterruptedException when the case fails unexpectedly
   */
  @Test
  @DisplayName("holds(account) lists only the HELD holds of that account, oldest first")
  default void holdsOfAnAccount() throws InterruptedException {
    AccountId a = account("list");
    AccountId other = account("list-other");
    List<HoldRef> refs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      refs.add(
          prepareHeld(tracker(), new PrepareRequest(a, 10 + i, null, operationId("l" + i), null))
              .hold()
              .orElseThrow());
      Thread.sleep(2); // distinct createdAt millis: "oldest first" is then unambiguous
    }
    prepareHeld(tracker(), new PrepareRequest(other, 1, null, operationId("o"), null));
    assertThat(tracker().holds(a)).extracting(Hold::ref).containsExactlyElementsOf(refs);
    tracker().commit(refs.get(1));
    tracker().reject(refs.get(3));
    List<Hold> held = tracker().holds(a);
    assertThat(held).extracting(Hold::ref).containsExactly(refs.get(0), refs.get(2), refs.get(4));
    assertThat(held).allSatisfy(h -> assertThat(h.state()).isEqualTo(HoldState.HELD));
    assertThat(held).extracting(Hold::amount).containsExactly(10L, 12L, 14L);
    assertThat(held).isSortedAccordingTo((x, y) -> x.createdAt().compareTo(y.createdAt()));
    assertThat(tracker().holds(account("list-untouched"))).isEmpty();
  }

  /**
   * Holds(cursor, limit) pages through the held holds of the whole store: each of ours held
   * throughout appears exactly once, every hold listed is HELD, pages respect the limit.
   */
  @Test
  @DisplayName(
      "holds(cursor, limit) pages through the held holds of the whole store: each of ours held"
          + " throughout appears exactly once, every hold listed is HELD, pages respect the limit")
  default void holdsOfTheStoreInPages() {
    int accounts = 12;
    Set<HoldRef> ours = new HashSet<>();
    Set<HoldRef> resolved = new HashSet<>();
    for (int i = 0; i < accounts; i++) {
      AccountId a = account("page" + i);
      for (int j = 0; j < 3; j++) {
        ours.add(
            prepareHeld(tracker(), new PrepareRequest(a, 1 + j, null, operationId("p"), null))
                .hold()
                .orElseThrow());
      }
      HoldRef c =
          prepareHeld(tracker(), new PrepareRequest(a, 9, null, operationId("c"), null))
              .hold()
              .orElseThrow();
      tracker().commit(c);
      resolved.add(c);
      HoldRef r =
          prepareHeld(tracker(), new PrepareRequest(a, 9, null, operationId("r"), null))
              .hold()
              .orElseThrow();
      tracker().reject(r);
      resolved.add(r);
    }
    for (int limit : new int[] {1, 4, 1000}) {
      Map<HoldRef, Integer> seen = listAll(tracker(), limit);
      for (HoldRef ref : ours) {
        assertThat(seen.get(ref)).as("times %s was listed with limit %d", ref, limit).isEqualTo(1);
      }
      assertThat(seen.keySet()).as("resolved holds listed").doesNotContainAnyElementsOf(resolved);
    }
  }

  /**
   * Bad arguments of the new methods are IllegalArgumentException naming them: a malformed cursor,
   * a limit below 1, a journal sequence below 1.
   */
  @Test
  @DisplayName(
      "bad arguments of the new methods are IllegalArgumentException naming them: a malformed"
          + " cursor, a limit below 1, a journal sequence below 1")
  default void exactlyOnceBadArguments() {
    AccountId a = account("bad-args");
    tracker().fulfill(a, 1, NONE);
    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    calls.put("holds(null, 0)", () -> tracker().holds((String) null, 0));
    calls.put("holds(null, -1)", () -> tracker().holds((String) null, -1));
    calls.put("expireHolds(0)", () -> tracker().expireHolds(0));
    calls.put("journal(a, 0, 10)", () -> tracker().journal(a, 0, 10));
    calls.put("journal(a, 1, 0)", () -> tracker().journal(a, 1, 0));
    for (Map.Entry<String, ThrowingCallable> c : calls.entrySet()) {
      assertThat(catchThrowable(c.getValue()))
          .as(c.getKey())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageMatching("(?s).*(-1|0).*");
    }
    String bad = "%%not-a-cursor%%";
    assertThat(catchThrowable(() -> tracker().holds(bad, 10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(bad);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 1, 0));
  }

  // ================================================================ batches

  /**
   * CommitHolds and rejectHolds give one outcome per item, a bad item does not stop the others, and
   * a repeat inside the batch is a replay.
   */
  @Test
  @DisplayName(
      "commitHolds and rejectHolds give one outcome per item, a bad item does not stop the"
          + " others, and a repeat inside the batch is a replay")
  default void holdBatches() {
    AccountId a = account("hold-batch");
    tracker().fulfill(a, 100, NONE);
    HoldRef h1 = heldRef(a, 10);
    HoldRef h2 = heldRef(a, 20);
    HoldRef h3 = heldRef(a, 30);
    tracker().reject(h2);
    HoldRef unknown = HoldRef.of(a, operationId("unknown"));
    AccountBalance before = tracker().balance(a);
    List<Outcome<HoldResult>> commits = tracker().commitHolds(List.of(h1, unknown, h2, h3, h1));
    assertThat(commits).hasSize(5);
    assertThat(commits.get(0).get().hold().state()).isEqualTo(HoldState.COMMITTED);
    assertThat(commits.get(0).get().replayed()).isFalse();
    assertThat(failure(commits.get(1))).isInstanceOf(UnknownHoldException.class);
    assertThat(failure(commits.get(2))).isInstanceOf(OperationConflictException.class);
    assertThat(commits.get(3).get().hold().state()).isEqualTo(HoldState.COMMITTED);
    assertThat(commits.get(4).get()).isEqualTo(commits.get(0).get().asReplay());
    assertThat(tracker().balance(a)).isEqualTo(before);
    assertThat(journalOf(a)).filteredOn(j -> j.kind() == JournalKind.COMMIT).hasSize(2);

    HoldRef g1 = heldRef(a, 5);
    HoldRef g3 = heldRef(a, 6);
    AccountBalance beforeRejects = tracker().balance(a);
    List<Outcome<HoldResult>> rejects = tracker().rejectHolds(List.of(g1, h1, unknown, g1, g3));
    assertThat(rejects).hasSize(5);
    assertThat(rejects.get(0).get().hold().state()).isEqualTo(HoldState.REJECTED);
    assertThat(rejects.get(0).get().replayed()).isFalse();
    assertThat(failure(rejects.get(1))).isInstanceOf(OperationConflictException.class);
    assertThat(failure(rejects.get(2))).isInstanceOf(UnknownHoldException.class);
    assertThat(rejects.get(3).get()).isEqualTo(rejects.get(0).get().asReplay());
    assertThat(rejects.get(4).get().hold().state()).isEqualTo(HoldState.REJECTED);
    assertThat(rejects.get(4).get().balance()).isEqualTo(tracker().balance(a));
    assertThat(tracker().balance(a))
        .isEqualTo(
            new AccountBalance(
                a, beforeRejects.clearingBalance() + 11, beforeRejects.prepaidAmount()));
    assertThat(tracker().commitHolds(List.of())).isEmpty();
    assertThat(tracker().rejectHolds(List.of())).isEmpty();
  }

  /**
   * PrepareAll and fulfillAll carry ids: a repeated id inside one batch gets the replayed result,
   * another amount for it a conflict, and each applies once.
   */
  @Test
  @DisplayName(
      "prepareAll and fulfillAll carry ids: a repeated id inside one batch gets the replayed"
          + " result, another amount for it a conflict, and each applies once")
  default void identifiedBatches() {
    AccountId a = account("id-batch");
    OperationId id1 = operationId("p1");
    OperationId id2 = operationId("p2");
    PrepareRequest r1 = new PrepareRequest(a, 10, null, id1, null);
    PrepareRequest r2 = new PrepareRequest(a, 20, null, id2, null);
    fixture().releaseAfter(HoldRef.of(a, id1));
    fixture().releaseAfter(HoldRef.of(a, id2));
    List<Outcome<PrepareResult>> ps =
        tracker()
            .prepareAll(
                List.of(
                    r1,
                    r2,
                    r1,
                    new PrepareRequest(a, 11, null, id1, null),
                    PrepareRequest.of(a, 5)));
    assertThat(ps).hasSize(5);
    assertThat(ps.get(0).get().replayed()).isFalse();
    assertThat(ps.get(1).get().replayed()).isFalse();
    assertThat(ps.get(2).get()).isEqualTo(ps.get(0).get().asReplay());
    assertThat(failure(ps.get(3))).isInstanceOf(OperationConflictException.class);
    assertThat(ps.get(4).get().id()).isNull();
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, -35, 0));
    assertThat(tracker().holds(a)).extracting(Hold::id).containsExactly(id1, id2);

    AccountId b = account("id-batch-f");
    OperationId f1 = operationId("f1");
    OperationId f2 = operationId("f2");
    FulfillRequest q1 = new FulfillRequest(b, 10, NONE, f1);
    List<Outcome<FulfillResult>> fs =
        tracker()
            .fulfillAll(
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
    assertThat(tracker().balance(b)).isEqualTo(new AccountBalance(b, 16, 0));
    assertThat(tracker().fulfillAll(List.of(q1)))
        .singleElement()
        .satisfies(o -> assertThat(o.get()).isEqualTo(fs.get(0).get().asReplay()));
  }

  // ================================================================ nulls

  /**
   * A null argument of a new method, or a null item of a new batch, is NullPointerException naming
   * the parameter, and changes nothing.
   */
  @Test
  @DisplayName(
      "a null argument of a new method, or a null item of a new batch, is NullPointerException"
          + " naming the parameter, and changes nothing")
  default void exactlyOnceNullArguments() {
    AccountId a = account("eo-nulls");
    tracker().fulfill(a, 10, NONE);
    HoldRef ref = heldRef(a, 1);
    OperationId inBatch = operationId("batch");
    OperationId inFulfills = operationId("fbatch");
    Map<String, ThrowingCallable> calls = new LinkedHashMap<>();
    calls.put("commit(null)", () -> tracker().commit(null));
    calls.put("reject((HoldRef) null)", () -> tracker().reject((HoldRef) null));
    calls.put("commitHolds(null)", () -> tracker().commitHolds(null));
    calls.put("rejectHolds(null)", () -> tracker().rejectHolds(null));
    calls.put("commitHolds([ref, null])", () -> tracker().commitHolds(Arrays.asList(ref, null)));
    calls.put("rejectHolds([ref, null])", () -> tracker().rejectHolds(Arrays.asList(ref, null)));
    calls.put("hold(null)", () -> tracker().hold(null));
    calls.put("holds((AccountId) null)", () -> tracker().holds((AccountId) null));
    calls.put("journal(null, 1, 10)", () -> tracker().journal(null, 1, 10));
    calls.put(
        "prepareAll([identified, null])",
        () ->
            tracker()
                .prepareAll(Arrays.asList(new PrepareRequest(a, 1, null, inBatch, null), null)));
    calls.put(
        "fulfillAll([identified, null])",
        () ->
            tracker().fulfillAll(Arrays.asList(new FulfillRequest(a, 1, NONE, inFulfills), null)));
    for (Map.Entry<String, ThrowingCallable> c : calls.entrySet()) {
      NullPointerException e = refusedUnchanged(NullPointerException.class, c.getValue(), a);
      assertThat(e)
          .as(c.getKey())
          .hasMessageMatching("(?s).*\\b(hold|holds|account|requests)\\b.*");
    }
    assertThat(tracker().hold(ref).orElseThrow().state()).isEqualTo(HoldState.HELD);
    // the ids of the refused batches were never bound
    assertThat(prepareHeld(tracker(), new PrepareRequest(a, 2, null, inBatch, null)).replayed())
        .isFalse();
    assertThat(tracker().fulfill(new FulfillRequest(a, 2, NONE, inFulfills)).replayed()).isFalse();
  }
}
