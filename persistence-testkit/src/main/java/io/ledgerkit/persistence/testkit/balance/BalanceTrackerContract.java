package io.ledgerkit.persistence.testkit.balance;

import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceTracker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The balance tracker compatibility kit: every {@link BalanceTracker} implementation must pass it.
 * Extend it with one factory method:
 *
 * <pre>{@code
 * class MyTrackerContractTest extends BalanceTrackerContract {
 *   @Override
 *   protected BalanceTracker createTracker() {
 *     return RedisBalanceTracker.configure().url("redis://127.0.0.1:6379").start();
 *   }
 * }
 * }</pre>
 *
 * <p>It runs every part of the kit, each an interface of JUnit 5 default test methods on the shared
 * {@link BalanceTrackerFixture}: {@link PrepareRejectContract}, {@link FulfillContract}, {@link
 * SettlementContract}, {@link IncomingSettlementContract} (the rows of the balance table of the
 * design), {@link ExactnessContract} (the whole signed 64-bit range), {@link
 * InputValidationContract}, {@link BatchContract}, {@link CloseContract}, {@link
 * ConcurrencyContract}, and the exactly-once parts {@link ExactlyOnceContract} and {@link
 * ExpiryJournalRecoveryContract}. The nested {@link AutoBatched} class runs all of them again on
 * the same store through an {@link AutoBatchingBalanceTracker} wrapping the tracker ({@link
 * #autoBatched(BalanceTracker)} builds it; {@link #runsAutoBatched()} turns it off). Each test uses
 * fresh random account ids and idempotency keys, so a tracker on a shared, long-lived store is
 * fine. The contract closes every tracker it creates.
 */
public abstract class BalanceTrackerContract implements EveryContract {

  private final State fixture =
      new State(
          this::createTracker, this::concurrentOperationsPerThread, this::trackersShareTheirStore);

  /** Creates the contract. */
  protected BalanceTrackerContract() {}

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

  /**
   * Wraps a tracker of {@link #createTracker()} for the {@link AutoBatched} run: by default {@link
   * AutoBatchingBalanceTracker#configure(BalanceTracker)} with its defaults; a store with tuned
   * settings (such as the Redis and PostgreSQL trackers' {@code AUTO_BATCH_SETTINGS}) overrides it.
   *
   * @param tracker a new tracker of {@link #createTracker()}
   * @return the auto-batching tracker over it, which closes it
   */
  protected BalanceTracker autoBatched(BalanceTracker tracker) {
    return AutoBatchingBalanceTracker.configure(tracker).start();
  }

  /**
   * Whether the {@link AutoBatched} run happens (default {@code true}); when not, its tests are
   * reported as skipped. A tracker that batches by itself, or a suite that runs its auto-batched
   * variant elsewhere, may turn it off.
   *
   * @return {@code true} to run every part through an {@link AutoBatchingBalanceTracker} too
   */
  protected boolean runsAutoBatched() {
    return true;
  }

  /** {@return the state of the running test, on {@link #createTracker()}} */
  @Override
  public final State fixture() {
    return fixture;
  }

  /**
   * Every part of the contract again, on the same store, through the {@link
   * AutoBatchingBalanceTracker} of {@link #autoBatched(BalanceTracker)}.
   */
  @Nested
  @DisplayName("through AutoBatchingBalanceTracker")
  public class AutoBatched implements EveryContract {

    private final State fixture =
        new State(
            () -> autoBatched(createTracker()),
            BalanceTrackerContract.this::concurrentOperationsPerThread,
            BalanceTrackerContract.this::trackersShareTheirStore);

    /** Creates the auto-batched run (JUnit does). */
    public AutoBatched() {}

    /** Skips the auto-batched run when {@link #runsAutoBatched()} says so. */
    @BeforeEach
    public void onlyWhenAutoBatched() {
      Assumptions.assumeTrue(
          runsAutoBatched(), "runsAutoBatched() is false: the auto-batched run is turned off");
    }

    /** {@return the state of the running test, on the auto-batched tracker} */
    @Override
    public final State fixture() {
      return fixture;
    }
  }
}
