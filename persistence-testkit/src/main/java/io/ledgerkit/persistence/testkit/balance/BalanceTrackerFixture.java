package io.ledgerkit.persistence.testkit.balance;

import static io.ledgerkit.persistence.testkit.balance.ContractSupport.WAIT_BOUND;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.sleep;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;

/**
 * The hook every part of the balance tracker compatibility kit shares: the {@link State} of the
 * running test (its tracker, created on first use and closed after the test; the factory of more
 * trackers; the settings of the store), fresh account ids, keys and operation ids, and the helpers
 * the cases share (the store's time, journal reads, "nothing changed" checks).
 *
 * <p>The parts are interfaces with JUnit 5 default test methods ({@link PrepareRejectContract},
 * {@link FulfillContract}, {@link SettlementContract}, {@link IncomingSettlementContract}, {@link
 * ExactnessContract}, {@link InputValidationContract}, {@link BatchContract}, {@link
 * CloseContract}, {@link ConcurrencyContract}, {@link ExactlyOnceContract}, {@link
 * ExpiryJournalRecoveryContract}). {@link BalanceTrackerContract} runs them all, on the tracker and
 * through an {@code AutoBatchingBalanceTracker}; to run only some, implement them and {@link
 * #fixture()}:
 *
 * <pre>{@code
 * class MyPrepareTest implements PrepareRejectContract, FulfillContract {
 *   private final State fixture = new State(MyTracker::open, () -> 5_000, () -> true);
 *
 *   @Override
 *   public State fixture() {
 *     return fixture;
 *   }
 * }
 * }</pre>
 *
 * <p>The cases cannot set the store's clock: expiry is tested with short real expiries (a few
 * hundred milliseconds after the store's time, read from the {@code createdAt} of a probe hold),
 * waiting until the store's time has passed them, bounded by a few seconds. On a shared, long-lived
 * store other processes may hold, list or expire holds at the same time: the cases only make claims
 * about their own holds, and release the holds they leave held when they end.
 */
public interface BalanceTrackerFixture {

  /**
   * Returns the state of the running test. JUnit creates a test instance per test method, so an
   * implementation keeps one {@link State} in a field.
   *
   * @return the state of the running test
   */
  State fixture();

  /**
   * Returns the tracker of the running test, created on first use and closed after the test.
   *
   * @return the tracker of the running test
   */
  default BalanceTracker tracker() {
    return fixture().tracker();
  }

  /**
   * Creates another tracker on the same store; the case that asks for it closes it.
   *
   * @return a new, open tracker
   */
  default BalanceTracker newTracker() {
    return fixture().newTracker();
  }

  /**
   * How many operations each of the 16 threads of the concurrency tests performs.
   *
   * @return operations per thread
   */
  default int operationsPerThread() {
    return fixture().operationsPerThread();
  }

  /**
   * Whether two trackers of {@link #newTracker()} see the same balances (a shared Redis or
   * PostgreSQL store). When not (an in-memory tracker), the close tests check only how the calls
   * failed, and the crash-recovery case is skipped.
   *
   * @return {@code true} when trackers share their store
   */
  default boolean sharesStore() {
    return fixture().sharesStore();
  }

  /** Releases the holds the test left held and closes its tracker. */
  @AfterEach
  default void closeFixture() {
    fixture().close();
  }

  /**
   * Returns an account id that is unique to this test instance.
   *
   * @param name a readable name
   * @return the account
   */
  default AccountId account(String name) {
    return AccountId.of(name + "-" + fixture().run());
  }

  /**
   * Returns an idempotency key that no other test uses.
   *
   * @param name a readable name
   * @return the key
   */
  default String key(String name) {
    return "tck:" + name + ":" + UUID.randomUUID();
  }

  /**
   * Returns an operation id that no other test uses.
   *
   * @param name a readable name
   * @return the id
   */
  default OperationId operationId(String name) {
    return OperationId.of("tck:" + name + ":" + UUID.randomUUID());
  }

  /**
   * Prepares with {@code t} and registers the hold for release when the case ends.
   *
   * @param t the tracker
   * @param request the request
   * @return the result
   */
  default // ================================================================ helpers

  /** Prepares with {@code t} and registers the hold for release when the case ends. */
  PrepareResult prepareHeld(BalanceTracker t, PrepareRequest request) {
    if (request.id() != null) {
      fixture().releaseAfter(HoldRef.of(request.account(), request.id()));
    }
    return t.prepare(request);
  }

  /**
   * Places an identified hold of {@code amount} on {@code a}, released when the case ends.
   *
   * @param a the account
   * @param amount the amount
   * @return the hold
   */
  default HoldRef heldRef(AccountId a, long amount) {
    return prepareHeld(tracker(), new PrepareRequest(a, amount, null, operationId("h"), null))
        .hold()
        .orElseThrow();
  }

  /**
   * Reads the store's time: the {@code createdAt} of a probe hold of amount 0, released at once.
   *
   * @return the store's time, to the millisecond
   */
  default Instant storeTime() {
    AccountId probe = account("store-clock");
    OperationId id = operationId("clock");
    HoldRef ref = HoldRef.of(probe, id);
    tracker().prepare(new PrepareRequest(probe, 0, null, id, null));
    Hold h =
        tracker().hold(ref).orElseThrow(() -> new AssertionError("probe hold " + ref + " lost"));
    tracker().reject(ref);
    return h.createdAt();
  }

  /**
   * Waits, at most five seconds, until the store's time is after {@code instant}.
   *
   * @param instant the instant to pass
   */
  default void awaitStoreTimePast(Instant instant) {
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
   * Reads an account's whole retained journal from the tracker of the test.
   *
   * @param a the account
   * @return its journal entries, oldest first
   */
  default List<JournalEntry> journalOf(AccountId a) {
    return ContractSupport.journalOf(tracker(), a);
  }

  /**
   * Checks a complete journal: sequences 1.. without gaps, running sums, and the balance.
   *
   * @param a the account
   * @param journal its whole journal
   */
  default void assertDeltasSumToBalance(AccountId a, List<JournalEntry> journal) {
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
        .isEqualTo(tracker().balance(a));
  }

  /**
   * Takes what a case compares to prove that a call changed nothing on an account.
   *
   * @param a the account
   * @return its balance, pending settlements, holds and journal
   */
  default Snapshot snapshot(AccountId a) {
    return new Snapshot(
        tracker().balance(a), tracker().pendingSettlements(a), tracker().holds(a), journalOf(a));
  }

  /**
   * Asserts that a call fails with the given exception type and leaves the balance, pending
   * settlements, holds and journal of the given accounts as they were.
   *
   * @param <T> the exception type
   * @param type the exception type
   * @param call the call
   * @param accounts the accounts it must not change
   * @return the exception
   */
  default <T extends Throwable> T refusedUnchanged(
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

  /**
   * Asserts that a call fails with the given exception type and leaves the balances and pending
   * settlements of the given accounts as they were.
   *
   * @param <T> the exception type
   * @param type the exception type
   * @param call the call
   * @param accounts the accounts it must not change
   * @return the exception
   */
  default <T extends Throwable> T assertRefusedWithoutChange(
      Class<T> type, ThrowingCallable call, AccountId... accounts) {
    List<AccountBalance> before = new ArrayList<>();
    List<List<PendingSettlement>> pendingBefore = new ArrayList<>();
    for (AccountId a : accounts) {
      before.add(tracker().balance(a));
      pendingBefore.add(tracker().pendingSettlements(a));
    }
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the refusal").isInstanceOf(type);
    for (int i = 0; i < accounts.length; i++) {
      assertThat(tracker().balance(accounts[i]))
          .as("balance of %s after the refusal", accounts[i])
          .isEqualTo(before.get(i));
      assertThat(tracker().pendingSettlements(accounts[i]))
          .as("pending settlements of %s after the refusal", accounts[i])
          .isEqualTo(pendingBefore.get(i));
    }
    return type.cast(thrown);
  }

  /**
   * What a case compares to prove that a call changed nothing on an account.
   *
   * @param balance the balance
   * @param pending the pending settlements
   * @param holds the held holds
   * @param journal the whole retained journal
   */
  record Snapshot(
      AccountBalance balance,
      List<PendingSettlement> pending,
      List<Hold> holds,
      List<JournalEntry> journal) {}

  /**
   * The state of one test of the contract: its tracker (opened on first use), the holds to release
   * when it ends, a random run id for its account names, and the store's settings.
   */
  final class State {
    private final Supplier<BalanceTracker> factory;
    private final IntSupplier operationsPerThread;
    private final BooleanSupplier sharesStore;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final ConcurrentLinkedQueue<HoldRef> leftHeld = new ConcurrentLinkedQueue<>();
    private BalanceTracker tracker;

    /**
     * Creates the state of one test.
     *
     * @param factory creates a new, open tracker on the store under test
     * @param operationsPerThread operations per thread of the concurrency cases (5,000 is the
     *     usual; a store where every operation is a durable commit may lower it)
     * @param sharesStore whether two trackers of {@code factory} see the same balances
     */
    public State(
        Supplier<BalanceTracker> factory,
        IntSupplier operationsPerThread,
        BooleanSupplier sharesStore) {
      this.factory = Objects.requireNonNull(factory, "factory");
      this.operationsPerThread = Objects.requireNonNull(operationsPerThread, "operationsPerThread");
      this.sharesStore = Objects.requireNonNull(sharesStore, "sharesStore");
    }

    /** {@return the tracker of the test, created on first use} */
    public synchronized BalanceTracker tracker() {
      if (tracker == null) {
        tracker = newTracker();
      }
      return tracker;
    }

    /** {@return a new, open tracker from the factory} */
    public BalanceTracker newTracker() {
      BalanceTracker created = factory.get();
      assertThat(created).as("the contract's tracker factory (createTracker())").isNotNull();
      return created;
    }

    /** {@return operations per thread of the concurrency cases} */
    public int operationsPerThread() {
      return operationsPerThread.getAsInt();
    }

    /** {@return whether two trackers see the same balances} */
    public boolean sharesStore() {
      return sharesStore.getAsBoolean();
    }

    /** {@return the random id of this test, part of its account names} */
    public String run() {
      return run;
    }

    /**
     * Registers a hold that the case may leave held, to release when the test ends.
     *
     * @param hold the hold
     */
    public void releaseAfter(HoldRef hold) {
      leftHeld.add(Objects.requireNonNull(hold, "hold"));
    }

    /** Releases the holds the test left held and closes its tracker, if it was opened. */
    public synchronized void close() {
      if (tracker == null) {
        return;
      }
      try {
        for (HoldRef ref = leftHeld.poll(); ref != null; ref = leftHeld.poll()) {
          try {
            tracker.reject(ref);
          } catch (BalanceException | IllegalStateException | UnsupportedOperationException e) {
            // resolved otherwise, unknown to this tracker, or the tracker cannot: nothing to do
          }
        }
      } finally {
        tracker.close();
        tracker = null;
      }
    }
  }
}
