package io.ledgerkit.persistence.testkit.balance;

import static io.ledgerkit.persistence.testkit.balance.ContractSupport.NONE;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.SHORT_EXPIRY;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.WAIT_BOUND;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.expireUntilReleased;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.last;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.noneHeld;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldExpiredException;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.JournalKind;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The expiry part of the balance tracker compatibility kit: holds expire by the store's clock,
 * exactly once, even when expiry runs concurrently and where giving back would overflow. {@link
 * BalanceTrackerContract} runs it with every other part.
 */
public interface HoldExpiryContract extends BalanceTrackerFixture {

  // ================================================================ expiry (store's clock)

  /**
   * An identified prepare whose expiresAt is not after the store's time is HoldExpiredException
   * without a hold, and changes nothing.
   */
  @Test
  @DisplayName(
      "an identified prepare whose expiresAt is not after the store's time is"
          + " HoldExpiredException without a hold, and changes nothing")
  default void prepareAlreadyExpired() {
    AccountId a = account("born-expired");
    tracker().fulfill(a, 100, NONE);
    Instant now = storeTime();
    for (Instant at : List.of(now.minus(Duration.ofSeconds(5)), now)) {
      OperationId id = operationId("late");
      HoldExpiredException e =
          refusedUnchanged(
              HoldExpiredException.class,
              () -> tracker().prepare(new PrepareRequest(a, 10, null, id, at)),
              a);
      assertThat(e.ref()).isEqualTo(HoldRef.of(a, id));
      assertThat(e.hold()).isNull();
      assertThat(e.getMessage()).contains(id.value());
      assertThat(tracker().hold(HoldRef.of(a, id))).isEmpty();
      // nothing was recorded: the id is free for a prepare that has not expired
      PrepareResult ok =
          prepareHeld(
              tracker(), new PrepareRequest(a, 10, null, id, now.plus(Duration.ofHours(1))));
      assertThat(ok.replayed()).isFalse();
    }
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 80, 0));
  }

  /**
   * Past its expiry by the store's clock: commit is HoldExpiredException and releases the hold once
   * (EXPIRY), reject then answers EXPIRED replayed, a held one is still rejected, and expireHolds
   * releases one once.
   */
  @Test
  @DisplayName(
      "past its expiry by the store's clock: commit is HoldExpiredException and releases the hold"
          + " once (EXPIRY), reject then answers EXPIRED replayed, a held one is still rejected,"
          + " and expireHolds releases one once")
  default void expiryByTheStoreClock() {
    AccountId ca = account("expire-commit");
    AccountId ra = account("expire-reject");
    AccountId xa = account("expire-sweep");
    for (AccountId a : List.of(ca, ra, xa)) {
      tracker().incomingSettlement(key("seed"), a, 10);
    }
    Instant expires = storeTime().plus(SHORT_EXPIRY);
    PrepareResult cp =
        prepareHeld(tracker(), new PrepareRequest(ca, 25, null, operationId("c"), expires));
    PrepareResult rp =
        prepareHeld(tracker(), new PrepareRequest(ra, 25, null, operationId("r"), expires));
    PrepareResult xp =
        prepareHeld(tracker(), new PrepareRequest(xa, 25, null, operationId("x"), expires));
    for (PrepareResult p : List.of(cp, rp, xp)) {
      assertThat(p.fromPrepaid()).isEqualTo(10);
      assertThat(p.fromClearing()).isEqualTo(15);
      assertThat(tracker().hold(p.hold().orElseThrow()).orElseThrow().state())
          .isEqualTo(HoldState.HELD);
    }
    awaitStoreTimePast(expires);

    // commit past the expiry: refused, and the hold is released once
    HoldRef cref = cp.hold().orElseThrow();
    HoldExpiredException e = (HoldExpiredException) catchThrowable(() -> tracker().commit(cref));
    assertThat(e).isNotNull();
    assertThat(e.ref()).isEqualTo(cref);
    assertThat(e.hold()).isNotNull();
    assertThat(e.hold().state()).isEqualTo(HoldState.EXPIRED);
    assertThat(e.hold().resolvedAt()).isNotNull();
    assertThat(e.getMessage()).contains(cref.id().value());
    AccountBalance back = new AccountBalance(ca, 0, 10);
    assertThat(tracker().balance(ca)).isEqualTo(back);
    JournalEntry last = last(journalOf(ca));
    assertThat(last.kind()).isEqualTo(JournalKind.EXPIRY);
    assertThat(last.reference()).isEqualTo(cref.id().value());
    assertThat(last.clearingDelta()).isEqualTo(15);
    assertThat(last.prepaidDelta()).isEqualTo(10);
    assertThat(last.balance()).isEqualTo(back);
    Snapshot expired = snapshot(ca);
    assertThat(catchThrowable(() -> tracker().commit(cref)))
        .isInstanceOf(HoldExpiredException.class);
    HoldResult rejectAfter = tracker().reject(cref);
    assertThat(rejectAfter.replayed()).isTrue();
    assertThat(rejectAfter.hold().state()).isEqualTo(HoldState.EXPIRED);
    assertThat(rejectAfter.balance()).isEqualTo(back);
    assertThat(tracker().reject(cp)).isEqualTo(back);
    assertThat(tracker().hold(cref)).contains(e.hold());
    assertThat(snapshot(ca)).as("released once").isEqualTo(expired);

    // reject of a hold still HELD past its expiry gives the split back as a reject
    HoldRef rref = rp.hold().orElseThrow();
    HoldResult r = tracker().reject(rref);
    if (r.hold().state() == HoldState.EXPIRED && sharesStore()) {
      // another process sharing the store expired it first: a replay of that expiry
      assertThat(r.replayed()).isTrue();
    } else {
      assertThat(r.hold().state()).isEqualTo(HoldState.REJECTED);
      assertThat(r.replayed()).isFalse();
      assertThat(last(journalOf(ra)).kind()).isEqualTo(JournalKind.REJECT);
    }
    assertThat(tracker().balance(ra)).isEqualTo(new AccountBalance(ra, 0, 10));

    // expireHolds releases the third once
    HoldRef xref = xp.hold().orElseThrow();
    List<Hold> swept = expireUntilReleased(tracker(), Set.of(xref));
    assertThat(swept).extracting(Hold::ref).containsOnlyOnce(xref);
    Hold xh = tracker().hold(xref).orElseThrow();
    assertThat(xh.state()).isEqualTo(HoldState.EXPIRED);
    assertThat(xh.resolvedAt()).isNotNull();
    assertThat(tracker().balance(xa)).isEqualTo(new AccountBalance(xa, 0, 10));
    Snapshot sweptOnce = snapshot(xa);
    assertThat(tracker().expireHolds(100)).extracting(Hold::ref).doesNotContain(xref);
    HoldResult xr = tracker().reject(xref);
    assertThat(xr.replayed()).isTrue();
    assertThat(xr.hold().state()).isEqualTo(HoldState.EXPIRED);
    HoldExpiredException xe = (HoldExpiredException) catchThrowable(() -> tracker().commit(xref));
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

  /**
   * An expired hold whose release would overflow stays held: commit is BalanceOverflowException
   * changing nothing, expireHolds does not fail and releases the others, and releases it once the
   * money fits.
   */
  @Test
  @DisplayName(
      "an expired hold whose release would overflow stays held: commit is"
          + " BalanceOverflowException changing nothing, expireHolds does not fail and releases"
          + " the others, and releases it once the money fits")
  default void expiryThatWouldOverflow() {
    AccountId oa = account("expire-overflow");
    AccountId fine = account("expire-fine");
    Instant expires = storeTime().plus(SHORT_EXPIRY);
    // created first, so a sweep in expiry order meets it before the other
    HoldRef stuck =
        prepareHeld(tracker(), new PrepareRequest(oa, 10, null, operationId("o"), expires))
            .hold()
            .orElseThrow();
    HoldRef other =
        prepareHeld(tracker(), new PrepareRequest(fine, 10, null, operationId("f"), expires))
            .hold()
            .orElseThrow();
    tracker().fulfill(oa, Long.MAX_VALUE - 10, NONE);
    tracker().fulfill(oa, 15, NONE); // clearing MAX - 5: giving 10 back would overflow
    awaitStoreTimePast(expires);

    refusedUnchanged(BalanceOverflowException.class, () -> tracker().commit(stuck), oa);
    assertThat(tracker().hold(stuck).orElseThrow().state()).isEqualTo(HoldState.HELD);
    expireUntilReleased(tracker(), Set.of(other));
    assertThat(tracker().hold(other).orElseThrow().state()).isEqualTo(HoldState.EXPIRED);
    assertThat(tracker().hold(stuck).orElseThrow().state())
        .as("a hold that cannot be given back")
        .isEqualTo(HoldState.HELD);
    assertThat(tracker().balance(oa)).isEqualTo(new AccountBalance(oa, Long.MAX_VALUE - 5, 0));

    tracker().prepare(oa, 100); // now the money fits
    expireUntilReleased(tracker(), Set.of(stuck));
    assertThat(tracker().hold(stuck).orElseThrow().state()).isEqualTo(HoldState.EXPIRED);
    assertThat(tracker().balance(oa)).isEqualTo(new AccountBalance(oa, Long.MAX_VALUE - 95, 0));
  }

  /**
   * ExpireHolds from concurrent callers (and two trackers on a shared store) releases each expired
   * hold exactly once and leaves unexpired and never-expiring holds alone.
   *
   * @throws Exception when the case fails unexpectedly
   */
  @Test
  @DisplayName(
      "expireHolds from concurrent callers (and two trackers on a shared store) releases each"
          + " expired hold exactly once and leaves unexpired and never-expiring holds alone")
  default void expireHoldsExactlyOnceConcurrently() throws Exception {
    int accounts = 6;
    int perAccount = 5;
    AccountId[] acc = new AccountId[accounts];
    Map<HoldRef, PrepareResult> expiring = new HashMap<>();
    List<HoldRef> staying = new ArrayList<>();
    Instant expires = storeTime().plus(SHORT_EXPIRY);
    Instant later = expires.plus(Duration.ofHours(1));
    for (int i = 0; i < accounts; i++) {
      acc[i] = account("sweep" + i);
      tracker().incomingSettlement(key("seed"), acc[i], 7);
      for (int j = 0; j < perAccount; j++) {
        PrepareResult p =
            prepareHeld(
                tracker(), new PrepareRequest(acc[i], 3 + j, null, operationId("e"), expires));
        expiring.put(p.hold().orElseThrow(), p);
      }
      staying.add(
          prepareHeld(tracker(), new PrepareRequest(acc[i], 1, null, operationId("l"), later))
              .hold()
              .orElseThrow());
      staying.add(
          prepareHeld(tracker(), new PrepareRequest(acc[i], 1, null, operationId("n"), null))
              .hold()
              .orElseThrow());
    }
    awaitStoreTimePast(expires);

    List<BalanceTracker> trackers = new ArrayList<>();
    trackers.add(tracker());
    if (sharesStore()) {
      trackers.add(newTracker());
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
    if (!sharesStore()) {
      // nothing else expires holds in this tracker: every one of ours was released by these calls
      assertThat(refs).containsExactlyInAnyOrderElementsOf(expiring.keySet());
    } else {
      // others sharing the store may have released some; ours released here are ours once
      assertThat(ours).isSubsetOf(expiring.keySet());
    }
    for (HoldRef ref : expiring.keySet()) {
      assertThat(tracker().hold(ref).orElseThrow().state())
          .as("state of %s", ref)
          .isEqualTo(HoldState.EXPIRED);
    }
    for (HoldRef ref : staying) {
      assertThat(tracker().hold(ref).orElseThrow().state())
          .as("state of %s", ref)
          .isEqualTo(HoldState.HELD);
    }
    for (AccountId a : acc) {
      assertThat(tracker().balance(a))
          .as("balance of %s: every expiring hold given back once", a)
          .isEqualTo(new AccountBalance(a, -2, 7));
      assertThat(tracker().holds(a)).hasSize(2);
      assertThat(journalOf(a)).filteredOn(j -> j.kind() == JournalKind.EXPIRY).hasSize(perAccount);
    }
  }
}
