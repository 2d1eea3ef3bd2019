package io.ledgerkit.persistence.testkit.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceException;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldPage;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the balance tracker compatibility kit: the tracker of each test, the hooks a
 * tracker's contract test overrides, fresh account ids, keys and operation ids, and the helpers the
 * contract cases share (the store's time, bounded waits for expiry, journal reads, "nothing
 * changed" checks). Extend {@link BalanceTrackerContract}, which runs every case, rather than this
 * class.
 *
 * <p>The cases cannot set the store's clock: expiry is tested with short real expiries (a few
 * hundred milliseconds after the store's time, read from the {@code createdAt} of a probe hold),
 * waiting until the store's time has passed them, bounded by a few seconds. On a shared, long-lived
 * store other processes may hold, list or expire holds at the same time: the cases only make claims
 * about their own holds, and release the holds they leave held when they end.
 */
public abstract class BalanceTrackerFixture {

  /** How far after the store's time the short expiries of the expiry cases lie. */
  static final Duration SHORT_EXPIRY = Duration.ofMillis(300);

  /** The longest any case waits for the store's time to pass an expiry. */
  static final Duration WAIT_BOUND = Duration.ofSeconds(5);

  static final BalanceSettings NONE = BalanceSettings.NONE;

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final ConcurrentLinkedQueue<HoldRef> leftHeld = new ConcurrentLinkedQueue<>();

  /** The tracker of the current test, created before and closed after it. */
  protected BalanceTracker tracker;

  /** Creates the fixture. */
  protected BalanceTrackerFixture() {}

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

  /**
   * Pages through all held holds, counting each. Small limits start the iteration; after 50 pages
   * the limit grows to 500 so that a shared store holding others' holds is still read fast.
   */
  Map<HoldRef, Integer> listAll(BalanceTracker t, int firstLimit) {
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

  /** Runs {@code call} from {@code threads} threads released at once; one outcome per thread. */
  static <T> List<Outcome<T>> allAtOnce(ExecutorService pool, int threads, Supplier<T> call)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Outcome<T>>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                try {
                  return Outcome.success(call.get());
                } catch (BalanceException e) {
                  return Outcome.<T>failure(e);
                }
              }));
    }
    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    List<Outcome<T>> out = new ArrayList<>();
    for (Future<Outcome<T>> f : futures) {
      out.add(f.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  static <T> T onlyOneApplied(List<Outcome<T>> outcomes, Predicate<T> replayed, String what) {
    assertThat(outcomes).as("outcomes of %s", what).allMatch(Outcome::isSuccess);
    List<T> applied = outcomes.stream().map(Outcome::get).filter(replayed.negate()).toList();
    assertThat(applied).as("answers of %s that say they applied", what).hasSize(1);
    return applied.get(0);
  }

  static int index(AccountId[] acc, AccountId a) {
    return Arrays.asList(acc).indexOf(a);
  }

  // ================================================================ helpers

  /** Prepares with {@code t} and registers the hold for release when the case ends. */
  PrepareResult prepareHeld(BalanceTracker t, PrepareRequest request) {
    if (request.id() != null) {
      leftHeld.add(HoldRef.of(request.account(), request.id()));
    }
    return t.prepare(request);
  }

  HoldRef heldRef(AccountId a, long amount) {
    return prepareHeld(tracker, new PrepareRequest(a, amount, null, operationId("h"), null))
        .hold()
        .orElseThrow();
  }

  /**
   * Reads the store's time: the {@code createdAt} of a probe hold of amount 0, released at once.
   *
   * @return the store's time, to the millisecond
   */
  Instant storeTime() {
    AccountId probe = account("store-clock");
    OperationId id = operationId("clock");
    HoldRef ref = HoldRef.of(probe, id);
    tracker.prepare(new PrepareRequest(probe, 0, null, id, null));
    Hold h = tracker.hold(ref).orElseThrow(() -> new AssertionError("probe hold " + ref + " lost"));
    tracker.reject(ref);
    return h.createdAt();
  }

  /** Waits, at most {@link #WAIT_BOUND}, until the store's time is after {@code instant}. */
  void awaitStoreTimePast(Instant instant) {
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
  List<Hold> expireUntilReleased(BalanceTracker t, Set<HoldRef> refs) {
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

  static boolean noneHeld(BalanceTracker t, Set<HoldRef> refs) {
    for (HoldRef ref : refs) {
      Optional<Hold> h = t.hold(ref);
      if (h.isEmpty() || h.get().state() == HoldState.HELD) {
        return false;
      }
    }
    return true;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  List<JournalEntry> journalOf(AccountId a) {
    return journalOf(tracker, a);
  }

  /** Reads an account's whole retained journal, in pages of 100. */
  static List<JournalEntry> journalOf(BalanceTracker t, AccountId a) {
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
  void assertDeltasSumToBalance(AccountId a, List<JournalEntry> journal) {
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

  static <T> T last(List<T> list) {
    assertThat(list).isNotEmpty();
    return list.get(list.size() - 1);
  }

  static <T> List<T> concat(List<T> x, List<T> y) {
    List<T> out = new ArrayList<>(x);
    out.addAll(y);
    return out;
  }

  static Throwable failure(Outcome<?> o) {
    assertThat(o).isInstanceOf(Outcome.Failure.class);
    return ((Outcome.Failure<?>) o).error();
  }

  /** What a case compares to prove that a call changed nothing on an account. */
  record Snapshot(
      AccountBalance balance,
      List<PendingSettlement> pending,
      List<Hold> holds,
      List<JournalEntry> journal) {}

  Snapshot snapshot(AccountId a) {
    return new Snapshot(
        tracker.balance(a), tracker.pendingSettlements(a), tracker.holds(a), journalOf(a));
  }

  /**
   * Asserts that a call fails with the given exception type and leaves the balance, pending
   * settlements, holds and journal of the given accounts as they were.
   */
  <T extends Throwable> T refusedUnchanged(
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
