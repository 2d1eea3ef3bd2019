package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Runs work over every account of a benchmark in chunks, from several threads, before anything is
 * measured: {@code bench balances --preload} creates each account with a fulfill of 0 (so that the
 * measured phase updates accounts that exist, as in a running connector, instead of creating them),
 * and {@code bench listing} fills its accounts with holds and settlements. Chunks are handed out in
 * order from one counter, so each account is touched once.
 */
final class Preload {

  /** Accounts per batch call. */
  static final int CHUNK = 500;

  /**
   * The most threads {@code --preload} uses: more only queue large batch calls behind each other,
   * long enough on a loaded machine to reach a client's read timeout.
   */
  static final int THREADS = 8;

  private Preload() {}

  /**
   * Work for one chunk of accounts.
   *
   * @see #run(int, int, Chunk)
   */
  @FunctionalInterface
  interface Chunk {
    /**
     * Does the work for accounts {@code from} (inclusive) to {@code to} (exclusive).
     *
     * @param from the first account's number
     * @param to one past the last account's number
     */
    void accept(int from, int to);
  }

  /**
   * Creates every account {@code 0 .. accounts - 1} (named by {@code names}) with one unidentified
   * fulfill of 0 each, in batch calls of {@value #CHUNK}.
   *
   * @param tracker the tracker, not wrapped for auto-batching
   * @param accounts how many accounts
   * @param threads how many threads may call the tracker; at most {@value #THREADS} do
   * @param names the account of each number
   * @return the seconds it took
   * @throws IllegalStateException naming the first failure when an item fails
   */
  static double accounts(
      BalanceTracker tracker, int accounts, int threads, IntFunction<AccountId> names) {
    return run(
        accounts,
        Math.min(threads, THREADS),
        (from, to) -> {
          List<FulfillRequest> chunk = new ArrayList<>(to - from);
          for (int i = from; i < to; i++) {
            chunk.add(FulfillRequest.of(names.apply(i), 0));
          }
          requireAllSucceeded("preloading the accounts", tracker.fulfillAll(chunk));
        });
  }

  /**
   * Runs {@code work} over {@code 0 .. count - 1} in chunks of {@value #CHUNK} on {@code threads}
   * threads.
   *
   * @param count how many accounts
   * @param threads how many threads, 1 or more
   * @param work the work of one chunk
   * @return the seconds it took
   * @throws IllegalStateException with the first failure of a chunk
   */
  static double run(int count, int threads, Chunk work) {
    long start = System.nanoTime();
    AtomicInteger next = new AtomicInteger();
    int n = Math.max(1, Math.min(threads, (count + CHUNK - 1) / CHUNK));
    ExecutorService pool =
        Executors.newFixedThreadPool(
            n,
            r -> {
              Thread t = new Thread(r, "ledgerkit-bench-preload");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>(n);
      for (int t = 0; t < n; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int from = next.getAndAdd(CHUNK); from < count; ) {
                    work.accept(from, Math.min(count, from + CHUNK));
                    from = next.getAndAdd(CHUNK);
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preloading", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(String.valueOf(cause), cause);
    } finally {
      pool.shutdownNow();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Throws with the first failed item of a batch.
   *
   * @param what what the batch was for, for the message
   * @param outcomes the batch's outcomes
   * @throws IllegalStateException when an item failed
   */
  static void requireAllSucceeded(String what, List<? extends Outcome<?>> outcomes) {
    for (Outcome<?> o : outcomes) {
      if (o instanceof Outcome.Failure<?> f) {
        throw new IllegalStateException(what + " failed: " + f.error().getMessage(), f.error());
      }
    }
  }
}
