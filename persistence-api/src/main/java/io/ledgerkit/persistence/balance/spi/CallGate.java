package io.ledgerkit.persistence.balance.spi;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets a tracker's calls in and, on close, refuses new ones and waits for those in flight, so that
 * {@code close()} never turns a call in flight into a store failure: a call either completes or is
 * refused with {@link IllegalStateException} ("... tracker is closed") before it touched the store.
 *
 * <p>For {@code BalanceTracker} implementations: the trackers of this library use one each, and a
 * third-party tracker gets the same close semantics the contract suite checks.
 */
public final class CallGate {
  private final String tracker;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile boolean closed;
  // One pass for every call: a method reference to exit() built per call is an object per call.
  private final Pass pass = this::exit;

  /**
   * Creates an open gate.
   *
   * @param tracker the tracker's name for messages, e.g. {@code "PostgreSQL balance tracker"}
   */
  public CallGate(String tracker) {
    this.tracker = tracker;
  }

  /**
   * Lets one call in; close the returned pass when the call is done.
   *
   * @param what the call, for the message
   * @return the pass
   * @throws IllegalStateException when the tracker is closed; nothing was applied
   */
  public Pass enter(String what) {
    // Count first, then look: close() sets the flag first, then waits for the count, so a call
    // either sees the flag or is waited for.
    inFlight.incrementAndGet();
    if (closed) {
      exit();
      throw refused(what);
    }
    return pass;
  }

  /**
   * Throws the refusal when the tracker is closed.
   *
   * @param what the call, for the message
   * @throws IllegalStateException when the tracker is closed; nothing was applied
   */
  public void check(String what) {
    if (closed) {
      throw refused(what);
    }
  }

  /**
   * Whether {@link #close(Duration)} was called.
   *
   * @return {@code true} once closed
   */
  public boolean isClosed() {
    return closed;
  }

  /**
   * The refusal of a call made after close.
   *
   * @param what the call
   * @return the exception
   */
  public IllegalStateException refused(String what) {
    return new IllegalStateException(
        "the " + tracker + " is closed; " + what + " refused, nothing was applied");
  }

  /**
   * Refuses new calls and waits, at most {@code wait}, until the calls in flight are done.
   *
   * @param wait the longest wait
   * @return {@code true} when no call is in flight any more
   */
  public boolean close(Duration wait) {
    long nanos = wait.toNanos();
    closed = true;
    lock.lock();
    try {
      while (inFlight.get() > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = idle.awaitNanos(nanos);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  private void exit() {
    if (inFlight.decrementAndGet() == 0 && closed) {
      lock.lock();
      try {
        idle.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** One call's passage through the gate; closing it lets the tracker close. */
  @FunctionalInterface
  public interface Pass extends AutoCloseable {
    @Override
    void close();
  }
}
