package io.ledgerkit.persistence.balance;

import io.ledgerkit.persistence.balance.internal.BatchLane;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wraps any {@link BalanceTracker} and turns concurrent single {@code prepare}, {@code fulfill},
 * {@code reject(PrepareResult)}, {@code commit(HoldRef)} and {@code reject(HoldRef)} calls into
 * {@code prepareAll}, {@code fulfillAll}, {@code rejectAll}, {@code commitHolds} and {@code
 * rejectHolds} calls: group commit, so that a store with a network round trip serves many callers
 * per round trip.
 *
 * <ul>
 *   <li>A call that finds no batch of its kind in flight runs at once, in the caller's thread:
 *       there is no added latency without contention.
 *   <li>Calls that arrive while a batch is in flight queue up; the next batch takes all of them (up
 *       to {@link Builder#maxBatchSize(int)}), in arrival order, and is run by the first of them.
 *       There is no dispatcher thread and no busy spinning beyond a few iterations.
 *   <li>Every caller gets its own result or its own exception, exactly as the single call would
 *       have; a {@link BalanceStoreUnavailableException} of a whole batch reaches every caller of
 *       that batch, with its {@link BalanceStoreUnavailableException#applied() applied} flag. Any
 *       other failure of a whole batch (a data error of one account, say), which by the {@link
 *       BalanceTracker} contract applied nothing, is not spread: each item of that batch runs again
 *       alone and each caller gets its own outcome.
 *   <li>Blocking is bounded: a call waits at most {@link Builder#maxQueueTime(Duration)} in the
 *       queue (then fails with {@link BalanceStoreUnavailableException}, nothing applied), plus the
 *       wrapped tracker's bound for the one batch that carries it.
 *   <li>Order is preserved: a caller blocks until its result, so one thread's calls stay in order,
 *       and the items of a batch keep arrival order. Calls of different threads are concurrent and
 *       have no order between them; at most {@link Builder#maxConcurrentBatches(int)} batches of
 *       one kind are in flight at once.
 *   <li>Every other call ({@code balance}, settlement closes, {@code incomingSettlement}, {@code
 *       pendingSettlements}, hold and journal reads, {@code expireHolds}, and the batch forms)
 *       passes straight through.
 * </ul>
 *
 * <p>Each store recommends its settings ({@link BalanceTrackerProvider#autoBatchSettings()}, which
 * {@code balance.autoBatch=true} applies; in code, for example {@code
 * .settings(PostgresBalanceTracker.AUTO_BATCH_SETTINGS)}).
 *
 * <pre>{@code
 * BalanceTracker tracker = AutoBatchingBalanceTracker.configure(redisTracker)
 *     .maxBatchSize(128)
 *     .start();
 * }</pre>
 */
public final class AutoBatchingBalanceTracker implements BalanceTracker {

  /** The default largest batch. */
  public static final int DEFAULT_MAX_BATCH_SIZE = 64;

  /** The default longest wait for callers already on their way into a batch. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofNanos(200_000);

  /** The default longest wait of a call in the queue for a batch to take it. */
  public static final Duration DEFAULT_MAX_QUEUE_TIME = Duration.ofSeconds(1);

  /** The default number of batches of one kind that may be in flight at once. */
  public static final int DEFAULT_MAX_CONCURRENT_BATCHES = 1;

  private static final long CLOSE_TIMEOUT_SECONDS = 30;

  private final BalanceTracker delegate;
  private final int maxBatchSize;
  private final Duration maxWait;
  private final int maxConcurrentBatches;
  private final Duration maxQueueTime;
  private final AutoBatchListener listener;
  private final BatchLane<PrepareRequest, PrepareResult> prepares;
  private final BatchLane<FulfillRequest, FulfillResult> fulfills;
  private final BatchLane<PrepareResult, AccountBalance> rejects;
  private final BatchLane<HoldRef, HoldResult> commits;
  private final BatchLane<HoldRef, HoldResult> holdRejects;
  private final AtomicBoolean closed = new AtomicBoolean();

  private AutoBatchingBalanceTracker(Builder b) {
    this.delegate = b.delegate;
    this.maxBatchSize = b.maxBatchSize;
    this.maxWait = b.maxWait;
    this.maxConcurrentBatches = b.maxConcurrentBatches;
    this.maxQueueTime = b.maxQueueTime;
    this.listener = b.listener;
    AutoBatchListener l = b.listener == AutoBatchListener.NONE ? null : b.listener;
    long wait = b.maxWait.toNanos();
    long queue = b.maxQueueTime.toNanos();
    int c = maxConcurrentBatches;
    this.prepares =
        new BatchLane<>(
            "prepare",
            "prepare",
            l,
            delegate::prepare,
            delegate::prepareAll,
            maxBatchSize,
            wait,
            c,
            queue);
    this.fulfills =
        new BatchLane<>(
            "fulfill",
            "fulfill",
            l,
            delegate::fulfill,
            delegate::fulfillAll,
            maxBatchSize,
            wait,
            c,
            queue);
    this.rejects =
        new BatchLane<>(
            "reject",
            "reject",
            l,
            delegate::reject,
            delegate::rejectAll,
            maxBatchSize,
            wait,
            c,
            queue);
    this.commits =
        new BatchLane<>(
            "commit",
            "commit",
            l,
            delegate::commit,
            delegate::commitHolds,
            maxBatchSize,
            wait,
            c,
            queue);
    this.holdRejects =
        new BatchLane<>(
            "reject of a hold",
            "reject_hold",
            l,
            (HoldRef h) -> delegate.reject(h),
            delegate::rejectHolds,
            maxBatchSize,
            wait,
            c,
            queue);
  }

  /**
   * Starts configuring a wrapper.
   *
   * @param delegate the tracker that runs the batches; closed when the wrapper is closed
   * @return a builder
   */
  public static Builder configure(BalanceTracker delegate) {
    return new Builder(delegate);
  }

  /**
   * The wrapped tracker.
   *
   * @return the delegate
   */
  public BalanceTracker delegate() {
    return delegate;
  }

  /**
   * The largest batch this wrapper forms.
   *
   * @return the maximum batch size
   */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /**
   * The longest a batch formed under contention waits for callers already on their way into it.
   *
   * @return the maximum wait
   */
  public Duration maxWait() {
    return maxWait;
  }

  /**
   * The longest a call waits in the queue for a batch to take it; a call still queued then fails
   * with {@link BalanceStoreUnavailableException} (nothing applied). An auto-batched call thus
   * blocks at most this plus the wrapped tracker's own bound for one batch.
   *
   * @return the maximum queue time
   */
  public Duration maxQueueTime() {
    return maxQueueTime;
  }

  /**
   * How many batches of one kind (prepare, fulfill, reject, commit or reject of a hold) may be in
   * flight at once.
   *
   * @return the maximum number of concurrent batches per kind
   */
  public int maxConcurrentBatches() {
    return maxConcurrentBatches;
  }

  /**
   * The listener told of this wrapper's dispatches and queue waits.
   *
   * @return the listener, {@link AutoBatchListener#NONE} when none was set
   */
  public AutoBatchListener listener() {
    return listener;
  }

  /**
   * The settings this wrapper runs with.
   *
   * @return its batch size, wait, batches in flight and queue time
   */
  public AutoBatchSettings settings() {
    return new AutoBatchSettings(maxBatchSize, maxWait, maxConcurrentBatches, maxQueueTime);
  }

  /**
   * Counts of what the wrapper dispatched so far, for monitoring and benchmarks.
   *
   * @return the statistics
   */
  public Statistics statistics() {
    long dispatches = 0;
    long items = 0;
    int largest = 0;
    for (BatchLane<?, ?> lane : List.of(prepares, fulfills, rejects, commits, holdRejects)) {
      dispatches += lane.dispatches();
      items += lane.items();
      largest = Math.max(largest, lane.largestBatch());
    }
    return new Statistics(dispatches, items, largest);
  }

  @Override
  public PrepareResult prepare(PrepareRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    return prepares.submit(request);
  }

  @Override
  public FulfillResult fulfill(FulfillRequest request) {
    Objects.requireNonNull(request, "request");
    checkOpen();
    return fulfills.submit(request);
  }

  @Override
  public AccountBalance reject(PrepareResult prepare) {
    Objects.requireNonNull(prepare, "prepare");
    checkOpen();
    return rejects.submit(prepare);
  }

  @Override
  public AccountBalance balance(AccountId account) {
    checkOpen();
    return delegate.balance(account);
  }

  @Override
  public SettlementOutcome settlementSucceeded(SettlementId id) {
    checkOpen();
    return delegate.settlementSucceeded(id);
  }

  @Override
  public SettlementOutcome settlementFailed(SettlementId id) {
    checkOpen();
    return delegate.settlementFailed(id);
  }

  @Override
  public List<PendingSettlement> pendingSettlements(AccountId account) {
    checkOpen();
    return delegate.pendingSettlements(account);
  }

  @Override
  public List<PendingSettlement> pendingSettlements() {
    checkOpen();
    return delegate.pendingSettlements();
  }

  @Override
  public SettlementPage pendingSettlements(String cursor, int limit) {
    checkOpen();
    return delegate.pendingSettlements(cursor, limit);
  }

  @Override
  public IncomingSettlementResult incomingSettlement(
      String idempotencyKey, AccountId account, long amount) {
    checkOpen();
    return delegate.incomingSettlement(idempotencyKey, account, amount);
  }

  @Override
  public List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests) {
    checkOpen();
    return delegate.prepareAll(requests);
  }

  @Override
  public List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests) {
    checkOpen();
    return delegate.fulfillAll(requests);
  }

  @Override
  public List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares) {
    checkOpen();
    return delegate.rejectAll(prepares);
  }

  @Override
  public HoldResult commit(HoldRef hold) {
    Objects.requireNonNull(hold, "hold");
    checkOpen();
    return commits.submit(hold);
  }

  @Override
  public HoldResult reject(HoldRef hold) {
    Objects.requireNonNull(hold, "hold");
    checkOpen();
    return holdRejects.submit(hold);
  }

  @Override
  public List<Outcome<HoldResult>> commitHolds(List<HoldRef> holds) {
    checkOpen();
    return delegate.commitHolds(holds);
  }

  @Override
  public List<Outcome<HoldResult>> rejectHolds(List<HoldRef> holds) {
    checkOpen();
    return delegate.rejectHolds(holds);
  }

  @Override
  public Optional<Hold> hold(HoldRef hold) {
    checkOpen();
    return delegate.hold(hold);
  }

  @Override
  public List<Hold> holds(AccountId account) {
    checkOpen();
    return delegate.holds(account);
  }

  @Override
  public HoldPage holds(String cursor, int limit) {
    checkOpen();
    return delegate.holds(cursor, limit);
  }

  @Override
  public List<Hold> expireHolds(int limit) {
    checkOpen();
    return delegate.expireHolds(limit);
  }

  @Override
  public List<JournalEntry> journal(AccountId account, long fromSequence, int limit) {
    checkOpen();
    return delegate.journal(account, fromSequence, limit);
  }

  /**
   * Refuses new calls, lets the calls already queued finish (waiting at most 30 seconds), then
   * closes the delegate. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      prepares.close(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      fulfills.close(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      rejects.close(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      commits.close(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      holdRejects.close(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } finally {
      delegate.close();
    }
  }

  @Override
  public String toString() {
    return "AutoBatchingBalanceTracker[maxBatchSize="
        + maxBatchSize
        + ", maxConcurrentBatches="
        + maxConcurrentBatches
        + ", maxWait="
        + maxWait
        + ", maxQueueTime="
        + maxQueueTime
        + ", delegate="
        + delegate
        + "]";
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("the auto-batching balance tracker is closed");
    }
  }

  /**
   * What an {@link AutoBatchingBalanceTracker} dispatched so far.
   *
   * @param dispatches the calls made to the delegate (single or batch)
   * @param items the single calls those dispatches carried
   * @param largestBatch the largest batch
   */
  public record Statistics(long dispatches, long items, int largestBatch) {

    /**
     * The mean number of calls per dispatch, 0 when nothing was dispatched.
     *
     * @return items per dispatch
     */
    public double meanBatchSize() {
      return dispatches == 0 ? 0 : (double) items / dispatches;
    }
  }

  /** Configures an {@link AutoBatchingBalanceTracker}. */
  public static final class Builder {
    private final BalanceTracker delegate;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private Duration maxWait = DEFAULT_MAX_WAIT;
    private int maxConcurrentBatches = DEFAULT_MAX_CONCURRENT_BATCHES;
    private Duration maxQueueTime = DEFAULT_MAX_QUEUE_TIME;
    private AutoBatchListener listener = AutoBatchListener.NONE;

    private Builder(BalanceTracker delegate) {
      if (delegate == null) {
        throw new IllegalArgumentException("the tracker to wrap must not be null");
      }
      if (delegate instanceof AutoBatchingBalanceTracker) {
        throw new IllegalArgumentException(
            "the tracker is already auto-batching; wrap the underlying tracker instead");
      }
      this.delegate = delegate;
    }

    /**
     * Sets the largest batch (default 64).
     *
     * @param maxBatchSize 1 to 10,000
     * @return this builder
     */
    public Builder maxBatchSize(int maxBatchSize) {
      AutoBatchSettings.checkBatchSize(maxBatchSize);
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /**
     * Sets how long a batch formed under contention may wait for callers that are already on their
     * way into the queue (default 200 µs). A call that meets no contention never waits.
     *
     * @param maxWait zero to 100 ms
     * @return this builder
     */
    public Builder maxWait(Duration maxWait) {
      AutoBatchSettings.checkWait(maxWait);
      this.maxWait = maxWait;
      return this;
    }

    /**
     * Sets how many batches of one kind may be in flight at once (default 1). With 1, a batch runs
     * while the next one collects (classic group commit); with more, a store that serves several
     * connections in parallel is kept busy. A store whose batch takes locks on several accounts
     * must take them in a consistent order (for example sorted by account), since batches of
     * different kinds, and with more than 1 here batches of one kind, run at the same time.
     *
     * @param maxConcurrentBatches 1 to 64
     * @return this builder
     */
    public Builder maxConcurrentBatches(int maxConcurrentBatches) {
      AutoBatchSettings.checkConcurrentBatches(maxConcurrentBatches);
      this.maxConcurrentBatches = maxConcurrentBatches;
      return this;
    }

    /**
     * Sets how long a call may wait in the queue for a batch to take it (default 1 s) before it
     * fails with {@link BalanceStoreUnavailableException}, nothing applied. It only matters when
     * the store is slow or hung: the timeouts of consecutive batches then do not add up in one
     * caller's wait.
     *
     * @param maxQueueTime 1 ms to 10 minutes
     * @return this builder
     */
    public Builder maxQueueTime(Duration maxQueueTime) {
      AutoBatchSettings.checkQueueTime(maxQueueTime);
      this.maxQueueTime = maxQueueTime;
      return this;
    }

    /**
     * Sets all four values at once, for example a store's recommendation ({@link
     * BalanceTrackerProvider#autoBatchSettings()}); later setters override single values.
     *
     * @param settings the settings
     * @return this builder
     */
    public Builder settings(AutoBatchSettings settings) {
      if (settings == null) {
        throw new IllegalArgumentException(
            "the auto-batch settings must not be null; use AutoBatchSettings.DEFAULTS");
      }
      this.maxBatchSize = settings.maxBatchSize();
      this.maxWait = settings.maxWait();
      this.maxConcurrentBatches = settings.maxConcurrentBatches();
      this.maxQueueTime = settings.maxQueueTime();
      return this;
    }

    /**
     * Sets the listener told of every dispatch (its size and duration) and of every queue wait
     * (default {@link AutoBatchListener#NONE}, which costs nothing: no clock is read). The {@code
     * persistence-micrometer} module turns one into meters.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(AutoBatchListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Builds the wrapper.
     *
     * @return the wrapper
     */
    public AutoBatchingBalanceTracker start() {
      return new AutoBatchingBalanceTracker(this);
    }
  }
}
