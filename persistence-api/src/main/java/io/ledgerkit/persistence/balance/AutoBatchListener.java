package io.ledgerkit.persistence.balance;

/**
 * Observes what an {@link AutoBatchingBalanceTracker} does: the batches it dispatches and the time
 * its calls wait in the queue. For metrics (the {@code persistence-micrometer} module binds one to
 * a Micrometer registry); register it with {@link AutoBatchingBalanceTracker.Builder#listener}.
 *
 * <p>The methods are called on the callers' threads, on the hot path, with primitive arguments and
 * a constant operation name, so an implementation that only records numbers allocates nothing. They
 * must be quick and thread-safe and must not call the tracker; an exception they throw is ignored
 * (it never fails or delays the operation). Every method does nothing by default.
 *
 * <p>The operation names are {@code prepare}, {@code fulfill}, {@code reject} (of a prepare
 * result), {@code commit} and {@code reject_hold} (of a {@link HoldRef}): one per batching lane.
 */
public interface AutoBatchListener {

  /** A listener that does nothing. */
  AutoBatchListener NONE = new AutoBatchListener() {};

  /**
   * A dispatch to the wrapped tracker finished: one single call ({@code size == 1}) or one batch
   * call, successful or not.
   *
   * @param operation the lane, e.g. {@code prepare}
   * @param size how many callers' operations it carried, 1 or more
   * @param nanos how long the wrapped tracker took, in nanoseconds
   */
  default void dispatched(String operation, int size, long nanos) {}

  /**
   * A call that found the lane busy waited in the queue and was then taken into a batch. Calls that
   * ran at once, without waiting, are not reported here.
   *
   * @param operation the lane
   * @param nanos how long it waited, from entering the queue to the start of its batch
   */
  default void queued(String operation, long nanos) {}

  /**
   * A call waited longer than {@link AutoBatchingBalanceTracker#maxQueueTime()} in the queue and
   * failed with {@link BalanceStoreUnavailableException}, nothing applied.
   *
   * @param operation the lane
   */
  default void queueTimedOut(String operation) {}
}
