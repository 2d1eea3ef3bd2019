package io.ledgerkit.persistence.balance;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases expired holds in the background: one daemon thread calls {@link
 * BalanceTracker#expireHolds(int)} at start and then every {@code interval}, repeating the call
 * while a full batch comes back, so a backlog is cleared in one run. {@code Ledgerkit.start} runs
 * one when {@code balance.holds.expiry.enabled=true} (the default).
 *
 * <pre>{@code
 * try (HoldExpiry expiry = HoldExpiry.start(tracker, Duration.ofSeconds(1), 1000)) {
 *   // ... the application runs; holds past their expiresAt are released within about a second
 * }
 * }</pre>
 *
 * <p>Expiry is judged by the store's clock, and {@code expireHolds} releases each hold exactly once
 * even when several processes run it at the same time, so every instance of an application may run
 * its own scheduler. The thread never dies of an exception: a store failure ({@link
 * BalanceStoreUnavailableException}) or any other error is logged at WARN once per outage (the
 * first failure after a success; the following ones at DEBUG), and the next run tries again; the
 * first success after an outage is logged at INFO. A tracker that does not support expiry ({@link
 * UnsupportedOperationException}) is logged once at WARN and the scheduler stops. {@link #close()}
 * stops the thread and waits for the run in flight; close the scheduler before its tracker.
 */
public final class HoldExpiry implements AutoCloseable {

  /** The name of the scheduler's thread, followed by a number: {@code ledgerkit-hold-expiry-1}. */
  public static final String THREAD_NAME_PREFIX = "ledgerkit-hold-expiry-";

  /** The largest batch size, as for {@code balance.holds.expiry.batchSize}. */
  public static final int MAX_BATCH_SIZE = 100_000;

  private static final AtomicInteger THREADS = new AtomicInteger();

  /** Where the scheduler reports; SLF4J in production, a recorder in tests. */
  interface Log {
    void warn(String message, Throwable error);

    void debug(String message, Throwable error);

    void info(String message);
  }

  private static final Log SLF4J =
      new Log() {
        private final Logger log = LoggerFactory.getLogger(HoldExpiry.class);

        @Override
        public void warn(String message, Throwable error) {
          log.warn(message, error);
        }

        @Override
        public void debug(String message, Throwable error) {
          log.debug(message, error);
        }

        @Override
        public void info(String message) {
          log.info(message);
        }
      };

  private final BalanceTracker tracker;
  private final Duration interval;
  private final int batchSize;
  private final Log log;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicLong released = new AtomicLong();
  private final AtomicLong runs = new AtomicLong();
  private volatile boolean closed;

  /** Failed runs since the last success; touched by the scheduler's thread only. */
  private long failedRuns;

  private HoldExpiry(BalanceTracker tracker, Duration interval, int batchSize, Log log) {
    this.tracker = tracker;
    this.interval = interval;
    this.batchSize = batchSize;
    this.log = log;
    this.thread = new Thread(this::loop, THREAD_NAME_PREFIX + THREADS.incrementAndGet());
    thread.setDaemon(true);
  }

  /**
   * Starts a scheduler: the first run happens at once, then one run every {@code interval} after
   * the previous run ended.
   *
   * @param tracker the tracker whose expired holds are released (not closed by the scheduler)
   * @param interval the pause between two runs, positive (for example {@code PT1S})
   * @param batchSize the holds released per {@code expireHolds} call, 1 to {@value #MAX_BATCH_SIZE}
   * @return the running scheduler; close it to stop
   * @throws NullPointerException when {@code tracker} or {@code interval} is {@code null}
   * @throws IllegalArgumentException naming the value when the interval is not positive or the
   *     batch size is out of range
   */
  public static HoldExpiry start(BalanceTracker tracker, Duration interval, int batchSize) {
    return start(tracker, interval, batchSize, SLF4J);
  }

  static HoldExpiry start(BalanceTracker tracker, Duration interval, int batchSize, Log log) {
    Objects.requireNonNull(tracker, "tracker");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "hold expiry interval " + interval + " must be positive, for example PT1S");
    }
    if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "hold expiry batch size "
              + batchSize
              + " must be between 1 and "
              + MAX_BATCH_SIZE
              + ", for example 1000");
    }
    HoldExpiry expiry = new HoldExpiry(tracker, interval, batchSize, log);
    expiry.thread.start();
    return expiry;
  }

  /**
   * The pause between two runs.
   *
   * @return the interval
   */
  public Duration interval() {
    return interval;
  }

  /**
   * The holds released per call.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * The holds this scheduler released so far.
   *
   * @return the count
   */
  public long released() {
    return released.get();
  }

  /**
   * The runs this scheduler completed so far, failed ones included.
   *
   * @return the count
   */
  public long runs() {
    return runs.get();
  }

  /**
   * Whether the scheduler's thread is still running: {@code false} after {@link #close()} returned,
   * or after it stopped on a tracker that does not support expiry.
   *
   * @return {@code true} while running
   */
  public boolean isRunning() {
    return thread.isAlive();
  }

  /**
   * Stops the scheduler: no run starts after this call, and the call returns when the run in flight
   * (if any) has ended. Idempotent; the tracker is left open.
   */
  @Override
  public void close() {
    if (closing.compareAndSet(false, true)) {
      lock.lock();
      try {
        closed = true;
        wake.signalAll();
      } finally {
        lock.unlock();
      }
    }
    if (Thread.currentThread() == thread) {
      return;
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "HoldExpiry[every "
        + interval
        + ", batch "
        + batchSize
        + ", released "
        + released.get()
        + (closed ? ", closed" : "")
        + "]";
  }

  private void loop() {
    while (!closed) {
      boolean goOn = runOnce();
      runs.incrementAndGet();
      if (!goOn || !pause()) {
        return;
      }
    }
  }

  /** One run; {@code false} when the scheduler must stop. */
  private boolean runOnce() {
    try {
      while (!closed) {
        List<Hold> expired = tracker.expireHolds(batchSize);
        released.addAndGet(expired.size());
        if (failedRuns > 0) {
          log.info(
              "Hold expiry works again after "
                  + failedRuns
                  + " failed run(s); expired holds are being released");
          failedRuns = 0;
        }
        if (expired.size() < batchSize) {
          break;
        }
      }
      return true;
    } catch (UnsupportedOperationException e) {
      log.warn(
          "Hold expiry stopped: the balance tracker "
              + tracker
              + " does not support expireHolds; holds past their expiry stay held (set"
              + " balance.holds.expiry.enabled=false to silence this)",
          e);
      return false;
    } catch (RuntimeException e) {
      failed(e);
      return true;
    } catch (Error e) {
      log.warn("Hold expiry stopped by an error; holds past their expiry stay held", e);
      return false;
    }
  }

  private void failed(RuntimeException e) {
    failedRuns++;
    String what =
        e instanceof BalanceStoreUnavailableException
            ? "the balance store is unavailable"
            : "expireHolds failed";
    String message =
        "Hold expiry: "
            + what
            + "; holds past their expiry stay held until it works again (retrying every "
            + interval
            + "): "
            + e.getMessage();
    if (failedRuns == 1) {
      log.warn(message, e);
    } else {
      log.debug(message + " (failed run " + failedRuns + " in a row)", e);
    }
  }

  /** Waits one interval; {@code false} when closed (or interrupted) meanwhile. */
  private boolean pause() {
    lock.lock();
    try {
      long nanos;
      try {
        nanos = interval.toNanos();
      } catch (ArithmeticException e) {
        nanos = Long.MAX_VALUE;
      }
      while (!closed && nanos > 0) {
        nanos = wake.awaitNanos(nanos);
      }
      return !closed;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }
}
