package io.ledgerkit.persistence.testkit.balance;

import static io.ledgerkit.persistence.testkit.balance.ContractSupport.NONE;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.allAtOnce;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.concat;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.expireUntilReleased;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.failure;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.index;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.listAll;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.onlyOneApplied;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.JournalKind;
import io.ledgerkit.persistence.balance.OperationConflictException;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The journal and recovery part of the balance tracker compatibility kit: the journal of every
 * change (sequences, running sums, a random workload), crash recovery through a second tracker, and
 * concurrent retried identified operations. {@link BalanceTrackerContract} runs it with every other
 * part.
 */
public interface JournalRecoveryContract extends BalanceTrackerFixture {

  // ================================================================ journal

  /**
   * The journal has one entry per change, with the kind, deltas and reference of each operation,
   * sequences from 1 without gaps, the store's time, and pages.
   */
  @Test
  @DisplayName(
      "the journal has one entry per change, with the kind, deltas and reference of each"
          + " operation, sequences from 1 without gaps, the store's time, and pages")
  default void journalRecordsEveryChange() {
    AccountId a = account("journal");
    Instant start = storeTime();
    String inKey = key("in");
    tracker().incomingSettlement(inKey, a, 50); // (0, 50)
    OperationId p1 = operationId("p1");
    prepareHeld(tracker(), new PrepareRequest(a, 80, null, p1, null)); // (-30, 0)
    tracker().commit(HoldRef.of(a, p1));
    OperationId p2 = operationId("p2");
    prepareHeld(tracker(), new PrepareRequest(a, 20, null, p2, null)); // (-50, 0)
    tracker().reject(HoldRef.of(a, p2)); // (-30, 0)
    PrepareResult u = tracker().prepare(a, 5); // (-35, 0)
    tracker().reject(u); // (-30, 0)
    OperationId f1 = operationId("f1");
    FulfillResult fr =
        tracker().fulfill(new FulfillRequest(a, 100, BalanceSettings.settleAt(50, 0), f1));
    SettlementId s1 = fr.settlement().id(); // fulfill (70, 0), settlement of 70 -> (0, 0)
    tracker().settlementFailed(s1); // (70, 0)
    FulfillResult fu =
        tracker().fulfill(a, 30, BalanceSettings.settleAt(50, 0)); // (100,0) -> (0,0)
    SettlementId s2 = fu.settlement().id();
    tracker().settlementSucceeded(s2);
    // replays and refusals append nothing
    tracker().commit(HoldRef.of(a, p1));
    tracker().reject(HoldRef.of(a, p2));
    tracker().fulfill(new FulfillRequest(a, 100, BalanceSettings.settleAt(50, 0), f1));
    tracker().incomingSettlement(inKey, a, 50);
    catchThrowable(() -> tracker().prepare(a, 1_000, 0));
    Instant end = storeTime();

    List<ContractSupport.Expected> expected =
        List.of(
            new ContractSupport.Expected(JournalKind.INCOMING_SETTLEMENT, inKey, 0, 50, 0, 50),
            new ContractSupport.Expected(JournalKind.PREPARE, p1.value(), -30, -50, -30, 0),
            new ContractSupport.Expected(JournalKind.COMMIT, p1.value(), 0, 0, -30, 0),
            new ContractSupport.Expected(JournalKind.PREPARE, p2.value(), -20, 0, -50, 0),
            new ContractSupport.Expected(JournalKind.REJECT, p2.value(), 20, 0, -30, 0),
            new ContractSupport.Expected(JournalKind.PREPARE, null, -5, 0, -35, 0),
            new ContractSupport.Expected(JournalKind.REJECT, null, 5, 0, -30, 0),
            new ContractSupport.Expected(JournalKind.FULFILL, f1.value(), 100, 0, 70, 0),
            new ContractSupport.Expected(
                JournalKind.SETTLEMENT_OPENED, s1.toString(), -70, 0, 0, 0),
            new ContractSupport.Expected(
                JournalKind.SETTLEMENT_FAILED, s1.toString(), 70, 0, 70, 0),
            new ContractSupport.Expected(JournalKind.FULFILL, null, 30, 0, 100, 0),
            new ContractSupport.Expected(
                JournalKind.SETTLEMENT_OPENED, s2.toString(), -100, 0, 0, 0),
            new ContractSupport.Expected(
                JournalKind.SETTLEMENT_SUCCEEDED, s2.toString(), 0, 0, 0, 0));
    List<JournalEntry> journal = journalOf(a);
    assertThat(journal).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JournalEntry j = journal.get(i);
      ContractSupport.Expected x = expected.get(i);
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
    assertThat(tracker().journal(a, 3, 2))
        .extracting(JournalEntry::sequence)
        .containsExactly(3L, 4L);
    assertThat(tracker().journal(a, 12, 10))
        .extracting(JournalEntry::sequence)
        .containsExactly(12L, 13L);
    assertThat(tracker().journal(a, 14, 10)).isEmpty();
    assertThat(tracker().journal(a, 1, 1)).containsExactly(journal.get(0));
    assertThat(tracker().journal(a, 1, 100)).isEqualTo(journal);
    assertThat(tracker().journal(account("journal-untouched"), 1, 10)).isEmpty();
  }

  /**
   * On a randomized identified workload (seeded) with replays, every account's journal is complete,
   * gap-free, and its deltas sum to its balance.
   */
  @Test
  @DisplayName(
      "on a randomized identified workload (seeded) with replays, every account's journal is"
          + " complete, gap-free, and its deltas sum to its balance")
  default void journalSumsToBalanceOnARandomWorkload() {
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
          PrepareResult p = prepareHeld(tracker(), r);
          open.add(p);
          donePrepares.add(r);
          changes[k]++;
        } catch (InsufficientBalanceException e) {
          // refused: nothing recorded
        }
      } else if (roll < 35 && !open.isEmpty()) {
        PrepareResult p = open.remove(rnd.nextInt(open.size()));
        tracker().commit(p.hold().orElseThrow());
        changes[index(acc, p.account())]++;
      } else if (roll < 45 && !open.isEmpty()) {
        PrepareResult p = open.remove(rnd.nextInt(open.size()));
        if (rnd.nextBoolean()) {
          tracker().reject(p);
        } else {
          tracker().reject(p.hold().orElseThrow());
        }
        changes[index(acc, p.account())]++;
      } else if (roll < 65) {
        FulfillRequest f = new FulfillRequest(a, 1 + rnd.nextInt(150), settle, operationId("f"));
        FulfillResult r = tracker().fulfill(f);
        doneFulfills.add(f);
        changes[k]++;
        if (r.settlement() != null) {
          pending.add(r.settlement().id());
          changes[k]++;
        }
      } else if (roll < 72 && !pending.isEmpty()) {
        SettlementId s = pending.remove(rnd.nextInt(pending.size()));
        if (rnd.nextBoolean()) {
          tracker().settlementSucceeded(s);
        } else {
          tracker().settlementFailed(s);
        }
        changes[index(acc, s.account())]++;
      } else if (roll < 78) {
        tracker().incomingSettlement(key("in"), a, 1 + rnd.nextInt(80));
        changes[k]++;
      } else if (roll < 84) {
        tracker().reject(tracker().prepare(a, 1 + rnd.nextInt(30)));
        changes[k] += 2;
      } else if (roll < 92 && !donePrepares.isEmpty()) {
        PrepareRequest r = donePrepares.get(rnd.nextInt(donePrepares.size()));
        assertThat(tracker().prepare(r).replayed()).as("repeat of %s", r).isTrue();
      } else if (!doneFulfills.isEmpty()) {
        FulfillRequest f = doneFulfills.get(rnd.nextInt(doneFulfills.size()));
        assertThat(tracker().fulfill(f).replayed()).as("repeat of %s", f).isTrue();
      }
    }
    for (PrepareResult p : open) {
      tracker().reject(p.hold().orElseThrow());
      changes[index(acc, p.account())]++;
    }
    for (int k = 0; k < acc.length; k++) {
      List<JournalEntry> journal = journalOf(acc[k]);
      assertThat(journal).as("journal of %s", acc[k]).hasSize((int) changes[k]);
      assertDeltasSumToBalance(acc[k], journal);
    }
  }

  // ================================================================ crash recovery

  /**
   * Crash recovery: holds made by a tracker that is then closed are listed by a new one, which
   * commits some, and expiry releases the rest.
   */
  @Test
  @DisplayName(
      "crash recovery: holds made by a tracker that is then closed are listed by a new one,"
          + " which commits some, and expiry releases the rest")
  default void crashRecovery() {
    Assumptions.assumeTrue(
        sharesStore(),
        "each tracker from createTracker() has its own store: a closed tracker's holds cannot"
            + " be recovered through another one");
    AccountId a = account("crash-a");
    AccountId b = account("crash-b");
    Instant expires = storeTime().plus(Duration.ofMillis(800));
    Instant far = expires.plus(Duration.ofHours(1));
    List<HoldRef> onA = new ArrayList<>();
    List<HoldRef> onB = new ArrayList<>();
    try (BalanceTracker first = newTracker()) {
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

    try (BalanceTracker second = newTracker()) {
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
      assertThat(ContractSupport.journalOf(second, a))
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

  /**
   * 16 threads of identified operations on hot accounts, each called twice with the same id (a
   * retry), end with the balances of a model that applies each once.
   *
   * @throws Exception when the case fails unexpectedly
   */
  @Test
  @DisplayName(
      "16 threads of identified operations on hot accounts, each called twice with the same id"
          + " (a retry), end with the balances of a model that applies each once")
  default void concurrentRetriedIdentifiedOperations() throws Exception {
    int threads = 16;
    int ops = Math.max(20, operationsPerThread() / 2);
    AccountId[] acc = new AccountId[4];
    Long[] mins = {0L, -300L, null, null};
    long seed = 500;
    for (int i = 0; i < acc.length; i++) {
      acc[i] = account("retry-hot" + i);
      tracker().incomingSettlement(key("seed"), acc[i], seed);
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<ContractSupport.RetryTally>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(retryWorker(start, acc, mins, ops, 977L * t + 3)));
      }
      start.countDown();
      ContractSupport.RetryTally total = new ContractSupport.RetryTally(acc.length);
      for (Future<ContractSupport.RetryTally> f : futures) {
        total.add(f.get(10, TimeUnit.MINUTES));
      }
      assertThat(total.problems).as("problems seen by the worker threads").isEmpty();
      assertThat(total.replays).as("replayed answers").isPositive();
      for (int i = 0; i < acc.length; i++) {
        AccountBalance b = tracker().balance(acc[i]);
        assertThat(b)
            .as("balance of %s", acc[i])
            .isEqualTo(new AccountBalance(acc[i], total.clearing[i], seed + total.prepaid[i]));
        if (mins[i] != null) {
          assertThat(b.netBalance()).isGreaterThanOrEqualTo(mins[i]);
        }
        assertThat(tracker().holds(acc[i])).as("holds left on %s", acc[i]).isEmpty();
        List<JournalEntry> first = tracker().journal(acc[i], 1, 1);
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

  private Callable<ContractSupport.RetryTally> retryWorker(
      CountDownLatch start, AccountId[] acc, Long[] mins, int ops, long seed) {
    return () -> {
      ContractSupport.RetryTally tally = new ContractSupport.RetryTally(acc.length);
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
                PrepareResult p = tracker().prepare(r);
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
            FulfillResult r1 = tracker().fulfill(f);
            FulfillResult r2 = tracker().fulfill(f);
            tally.clearing[k] += f.amount();
            if (r1.replayed() || !r2.equals(r1.asReplay())) {
              tally.problems.add("fulfill " + f + " answered " + r1 + " then " + r2);
            } else {
              tally.replays++;
            }
          } else if (roll < 80) {
            PrepareResult p = own.remove(rnd.nextInt(own.size()));
            HoldResult c1 = tracker().commit(p.hold().orElseThrow());
            HoldResult c2 = tracker().commit(p.hold().orElseThrow());
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
              HoldResult r1 = tracker().reject(p.hold().orElseThrow());
              AccountBalance r2 = tracker().reject(p);
              if (r1.replayed()
                  || r1.hold().state() != HoldState.REJECTED
                  || !r2.equals(r1.balance())) {
                tally.problems.add("reject of " + p + " answered " + r1 + " then " + r2);
              }
            } else {
              AccountBalance r1 = tracker().reject(p);
              HoldResult r2 = tracker().reject(p.hold().orElseThrow());
              if (!r2.replayed() || !r2.balance().equals(r1)) {
                tally.problems.add("reject of " + p + " answered " + r1 + " then " + r2);
              }
            }
            tally.replays++;
          }
        }
        for (PrepareResult p : own) {
          tracker().reject(p.hold().orElseThrow());
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

  /**
   * The same identified call made by 8 threads at once (prepare, fulfill, commit, reject, and
   * commit racing reject) applies once: one answer applied, the others replays or a conflict.
   *
   * @throws Exception when the case fails unexpectedly
   */
  @Test
  @DisplayName(
      "the same identified call made by 8 threads at once (prepare, fulfill, commit, reject, and"
          + " commit racing reject) applies once: one answer applied, the others replays or a"
          + " conflict")
  default void concurrentDuplicatesApplyOnce() throws Exception {
    int threads = 8;
    int rounds = 10;
    AccountId a = account("dup");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long clearing = 0;
      for (int round = 0; round < rounds; round++) {
        PrepareRequest req = new PrepareRequest(a, 5, null, operationId("p"), null);
        fixture().releaseAfter(HoldRef.of(a, req.id()));
        List<Outcome<PrepareResult>> ps = allAtOnce(pool, threads, () -> tracker().prepare(req));
        PrepareResult applied = onlyOneApplied(ps, PrepareResult::replayed, "prepare " + req);
        assertThat(ps).allSatisfy(o -> assertThat(o.get()).isIn(applied, applied.asReplay()));
        clearing -= 5;

        FulfillRequest f = new FulfillRequest(a, 3, NONE, operationId("f"));
        List<Outcome<FulfillResult>> fs = allAtOnce(pool, threads, () -> tracker().fulfill(f));
        FulfillResult fa = onlyOneApplied(fs, FulfillResult::replayed, "fulfill " + f);
        assertThat(fs).allSatisfy(o -> assertThat(o.get()).isIn(fa, fa.asReplay()));
        clearing += 3;

        HoldRef h = applied.hold().orElseThrow();
        boolean commit = round % 2 == 0;
        List<Outcome<HoldResult>> rs =
            allAtOnce(pool, threads, () -> commit ? tracker().commit(h) : tracker().reject(h));
        HoldResult ra =
            onlyOneApplied(rs, HoldResult::replayed, (commit ? "commit " : "reject ") + h);
        assertThat(rs).allSatisfy(o -> assertThat(o.get()).isIn(ra, ra.asReplay()));
        if (!commit) {
          clearing += 5;
        }

        // commit racing reject on one hold: exactly one of them happens
        HoldRef race = heldRef(a, 7);
        clearing -= 7;
        AtomicInteger turn = new AtomicInteger();
        List<Outcome<HoldResult>> mixed =
            allAtOnce(
                pool,
                threads,
                () ->
                    turn.getAndIncrement() % 2 == 0
                        ? tracker().commit(race)
                        : tracker().reject(race));
        HoldState end = tracker().hold(race).orElseThrow().state();
        assertThat(end).isIn(HoldState.COMMITTED, HoldState.REJECTED);
        long winners = mixed.stream().filter(o -> o.isSuccess() && !o.get().replayed()).count();
        assertThat(winners).as("calls that resolved %s", race).isEqualTo(1);
        for (Outcome<HoldResult> o : mixed) {
          if (o.isSuccess()) {
            assertThat(o.get().hold().state()).isEqualTo(end);
          } else {
            assertThat(failure(o)).isInstanceOf(OperationConflictException.class);
          }
        }
        if (end == HoldState.REJECTED) {
          clearing += 7;
        }
        assertThat(tracker().balance(a))
            .as("balance after round %d", round)
            .isEqualTo(new AccountBalance(a, clearing, 0));
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
    assertDeltasSumToBalance(a, journalOf(a));
  }
}
