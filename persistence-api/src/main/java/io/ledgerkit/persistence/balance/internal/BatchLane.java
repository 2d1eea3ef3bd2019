package io.ledgerkit.persistence.balance.internal;

import io.ledgerkit.persistence.balance.AutoBatchListener;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.Outcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit for one kind of operation, with a leader/follower scheme and no thread of its own.
 *
 * <p>A call that finds no batch in flight runs at once, alone, in its own thread (no added latency
 * without contention). Calls that arrive while a batch is in flight queue up; when the batch
 * finishes, its leader hands the queue (up to the maximum batch size, in arrival order) to the
 * first queued caller, which runs it as one batch in its own thread and then hands on again. Every
 * caller waits for its own result or exception. At most {@code maxConcurrentBatches} batches of a
 * lane are in flight; the items of a batch keep arrival order.
 *
 * <p>Not a public API.
 *
 * @param <Q> the request type
 * @param <R> the result type
 */
public final class BatchLane<Q, R> {

  private static final int WAITING = 0;
  private static final int LEADING = 1;
  private static final int DONE = 2;
  private static final int SPINS = 64;

  private final String name;
  private final String kind;
  private final AutoBatchListener listener;
  private final Function<Q, R> single;
  private final Function<List<Q>, List<Outcome<R>>> batch;
  private final int maxBatchSize;
  private final long maxWaitNanos;
  private final int maxConcurrentBatches;
  private final long maxQueueNanos;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private final ArrayDeque<Call<Q, R>> queue = new ArrayDeque<>();
  private final AtomicInteger arriving = new AtomicInteger();
  private int inFlight;
  private boolean closed;

  private final LongAdder dispatches = new LongAdder();
  private final LongAdder items = new LongAdder();
  private final AtomicInteger largest = new AtomicInteger();

  /**
   * Creates a lane.
   *
   * @param name the operation's name, for messages
   * @param kind the operation's name for the listener, e.g. {@code reject_hold}
   * @param listener told of dispatches and queue waits, or {@code null} for none (no clock reads)
   * @param single runs one request (used when a batch has one item)
   * @param batch runs several requests in order, one outcome per request
   * @param maxBatchSize the largest batch, 1 or more
   * @param maxWaitNanos how long a batch formed under contention may wait for callers that are
   *     already on their way into the queue, 0 for never
   * @param maxConcurrentBatches how many batches of this lane may be in flight at once, 1 or more
   * @param maxQueueNanos how long a call may wait in the queue for a batch to take it before it
   *     fails with {@link BalanceStoreUnavailableException}, nothing applied
   */
  public BatchLane(
      String name,
      String kind,
      AutoBatchListener listener,
      Function<Q, R> single,
      Function<List<Q>, List<Outcome<R>>> batch,
      int maxBatchSize,
      long maxWaitNanos,
      int maxConcurrentBatches,
      long maxQueueNanos) {
    this.name = name;
    this.kind = kind;
    this.listener = listener;
    this.single = single;
    this.batch = batch;
    this.maxBatchSize = maxBatchSize;
    this.maxWaitNanos = maxWaitNanos;
    this.maxConcurrentBatches = maxConcurrentBatches;
    this.maxQueueNanos = maxQueueNanos;
  }

  /**
   * Runs one request, alone or as part of a batch, and returns its own result.
   *
   * @param request the request
   * @return the result
   * @throws IllegalStateException when the lane is closed
   */
  public R submit(Q request) {
    Call<Q, R> call = new Call<>(request, Thread.currentThread());
    boolean lead;
    arriving.incrementAndGet();
    lock.lock();
    try {
      arriving.decrementAndGet();
      if (closed) {
        throw new IllegalStateException(
            "the auto-batching balance tracker is closed; " + name + " refused");
      }
      if (inFlight >= maxConcurrentBatches) {
        if (listener != null) {
          call.queuedAt = System.nanoTime();
          call.waited = true;
        }
        queue.addLast(call);
        lead = false;
      } else {
        inFlight++; // the queue is empty whenever fewer batches than the maximum are in flight
        lead = true;
      }
    } finally {
      lock.unlock();
    }
    if (lead) {
      List<Call<Q, R>> alone = new ArrayList<>(1);
      alone.add(call);
      run(alone);
    } else {
      await(call);
      if (call.state == LEADING) {
        List<Call<Q, R>> handed = call.handed;
        call.handed = null;
        run(fill(handed));
      }
    }
    return call.outcome();
  }

  /**
   * Refuses new calls and waits (at most the given time) until the calls already queued ran.
   *
   * @param timeout the longest wait
   * @param unit its unit
   * @return {@code true} when the lane is idle
   */
  public boolean close(long timeout, TimeUnit unit) {
    long nanos = unit.toNanos(timeout);
    lock.lock();
    try {
      closed = true;
      while (inFlight > 0) {
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

  /**
   * How many calls to the wrapped tracker this lane made (single or batch).
   *
   * @return the number of dispatches
   */
  public long dispatches() {
    return dispatches.sum();
  }

  /**
   * How many requests this lane ran.
   *
   * @return the number of requests
   */
  public long items() {
    return items.sum();
  }

  /**
   * The largest batch this lane ran.
   *
   * @return its size
   */
  public int largestBatch() {
    return largest.get();
  }

  private void await(Call<Q, R> call) {
    boolean interrupted = false;
    int spins = 0;
    long deadline = System.nanoTime() + maxQueueNanos;
    boolean queued = true;
    while (call.state == WAITING) {
      if (spins < SPINS) {
        spins++;
        Thread.onSpinWait();
        continue;
      }
      if (!queued) {
        LockSupport.park(this);
      } else {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          LockSupport.parkNanos(this, left);
        } else {
          lock.lock();
          try {
            queued = queue.remove(call);
          } finally {
            lock.unlock();
          }
          if (queued) {
            // No batch took the call in time (the store is slow or hung): it never reached the
            // store, and it leaves rather than adding a batch's time to its wait.
            call.error =
                BalanceStoreUnavailableException.notApplied(
                    name
                        + " waited "
                        + TimeUnit.NANOSECONDS.toMillis(maxQueueNanos)
                        + " ms in the auto-batching queue while the store's earlier batches ran;"
                        + " it was not sent, nothing was applied",
                    null);
            call.state = DONE;
            if (listener != null) {
              try {
                listener.queueTimedOut(kind);
              } catch (RuntimeException ignored) {
                // a listener's failure never fails the call
              }
            }
            break;
          }
          // A batch already took it: its outcome comes within the store's own bound.
        }
      }
      if (Thread.interrupted()) {
        interrupted = true; // the call may already be applied: keep waiting for its outcome
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Lets callers that are already between entry and queue join a batch formed under contention. */
  private List<Call<Q, R>> fill(List<Call<Q, R>> calls) {
    if (calls.size() >= maxBatchSize || maxWaitNanos <= 0 || arriving.get() == 0) {
      return calls;
    }
    long deadline = System.nanoTime() + maxWaitNanos;
    while (arriving.get() > 0 && System.nanoTime() - deadline < 0) {
      Thread.yield(); // the arriving caller may need this core to reach the queue
    }
    lock.lock();
    try {
      while (calls.size() < maxBatchSize && !queue.isEmpty()) {
        calls.add(queue.pollFirst());
      }
    } finally {
      lock.unlock();
    }
    return calls;
  }

  private void run(List<Call<Q, R>> calls) {
    int n = calls.size();
    Thread self = Thread.currentThread();
    long start = listener == null ? 0 : System.nanoTime();
    try {
      execute(calls);
    } finally {
      long end = listener == null ? 0 : System.nanoTime();
      handOff();
      if (listener != null) {
        report(calls, start, end);
      }
      dispatches.increment();
      items.add(n);
      largest.accumulateAndGet(n, Math::max);
      for (Call<Q, R> c : calls) {
        if (!c.completed) {
          c.error = new IllegalStateException(name + " batch ended without a result for this call");
        }
        c.state = DONE;
        if (c.thread != self) {
          LockSupport.unpark(c.thread);
        }
      }
    }
  }

  private void execute(List<Call<Q, R>> calls) {
    int n = calls.size();
    if (n == 1) {
      Call<Q, R> c = calls.get(0);
      try {
        c.result = single.apply(c.request);
      } catch (RuntimeException e) {
        c.error = e;
      }
      c.completed = true;
      return;
    }
    List<Q> requests = new ArrayList<>(n);
    for (Call<Q, R> c : calls) {
      requests.add(c.request);
    }
    List<Outcome<R>> outcomes;
    try {
      outcomes = batch.apply(requests);
      if (outcomes == null || outcomes.size() != n) {
        throw new IllegalStateException(
            name
                + " batch of "
                + n
                + " returned "
                + (outcomes == null ? "null" : outcomes.size() + " outcomes"));
      }
    } catch (BalanceStoreUnavailableException e) {
      // The store failed for the whole batch: every caller gets it, with its applied flag.
      for (int i = 0; i < n; i++) {
        Call<Q, R> c = calls.get(i);
        c.error = i == 0 ? e : e.copy();
        c.completed = true;
      }
      return;
    } catch (RuntimeException e) {
      // Any other failure of a whole batch (a data error, bad input) may belong to one item only,
      // and a batch that throws it applied nothing (the BalanceTracker contract): each item runs
      // again alone, so that each caller gets its own outcome.
      for (Call<Q, R> c : calls) {
        try {
          c.result = single.apply(c.request);
        } catch (RuntimeException own) {
          c.error = own;
        }
        c.completed = true;
      }
      return;
    }
    for (int i = 0; i < n; i++) {
      Call<Q, R> c = calls.get(i);
      Outcome<R> o = outcomes.get(i);
      if (o instanceof Outcome.Success<R> s) {
        c.result = s.value();
      } else if (o instanceof Outcome.Failure<R> f) {
        c.error = f.error();
      } else {
        c.error = new IllegalStateException(name + " batch returned no outcome at index " + i);
      }
      c.completed = true;
    }
  }

  /** Tells the listener of the calls' queue waits and of the dispatch; never throws. */
  private void report(List<Call<Q, R>> calls, long start, long end) {
    for (int i = 0, n = calls.size(); i < n; i++) {
      Call<Q, R> c = calls.get(i);
      if (c.waited) {
        try {
          listener.queued(kind, start - c.queuedAt);
        } catch (RuntimeException ignored) {
          // a listener's failure never fails the calls
        }
      }
    }
    try {
      listener.dispatched(kind, calls.size(), end - start);
    } catch (RuntimeException ignored) {
      // a listener's failure never fails the calls
    }
  }

  /** Passes the queue to its first caller, or marks the lane idle. */
  private void handOff() {
    Call<Q, R> next = null;
    lock.lock();
    try {
      if (queue.isEmpty()) {
        inFlight--;
        if (inFlight == 0) {
          idle.signalAll();
        }
      } else {
        int n = Math.min(maxBatchSize, queue.size());
        List<Call<Q, R>> calls = new ArrayList<>(Math.min(maxBatchSize, n + 8));
        for (int i = 0; i < n; i++) {
          calls.add(queue.pollFirst());
        }
        next = calls.get(0);
        next.handed = calls;
      }
    } finally {
      lock.unlock();
    }
    if (next != null) {
      next.state = LEADING;
      LockSupport.unpark(next.thread);
    }
  }

  private static final class Call<Q, R> {
    final Q request;
    final Thread thread;
    volatile int state = WAITING;
    boolean completed;
    List<Call<Q, R>> handed;
    long queuedAt;
    boolean waited;
    R result;
    RuntimeException error;

    Call(Q request, Thread thread) {
      this.request = request;
      this.thread = thread;
    }

    R outcome() {
      if (error != null) {
        throw error;
      }
      return result;
    }
  }
}
