package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * Drives a {@link BalanceTracker} from several threads for a fixed time and measures throughput and
 * call latency. A warm-up phase runs the same load first and is not counted.
 *
 * <p>Accounts are named {@code bench-0} ... {@code bench-<n-1>}; the same names are used by every
 * run, so repeated runs against a shared store reuse the same keys or rows instead of adding new
 * ones. Operations have amount 1 and no minimum balance, so no prepare is refused for balance.
 *
 * <p>With {@link Config#identified()} every operation carries an {@link OperationId} (unique to the
 * run: a random prefix, the thread and a counter) and leaves no hold behind: a prepare is an
 * identified prepare then the commit of its hold; a packet is an identified prepare with the
 * packet's expiry ({@link #PACKET_EXPIRY} ahead), a fulfill with the same id on the next account,
 * then the commit of the hold.
 */
final class BalanceBench {

  /**
   * Configuration of a run.
   *
   * @param store the store name, for the result
   * @param threads client threads
   * @param accounts accounts to pick from
   * @param duration measured time
   * @param warmup time run before measuring
   * @param batch operations per call (1 = single calls)
   * @param autoBatch whether the tracker is auto-batching, for the result
   * @param workload what one operation is
   * @param identified whether every operation carries an operation id (exactly-once tracking)
   */
  record Config(
      String store,
      int threads,
      int accounts,
      Duration duration,
      Duration warmup,
      int batch,
      boolean autoBatch,
      Workload workload,
      boolean identified) {
    /** Requires the non-numeric settings. */
    Config {
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(duration, "duration");
      Objects.requireNonNull(warmup, "warmup");
      Objects.requireNonNull(workload, "workload");
    }

    /**
     * The settings of one round of an interleaved comparison: no warm-up of its own.
     *
     * @param ids whether operations carry ids
     * @param length the measured time
     * @return the new settings
     */
    Config round(boolean ids, Duration length) {
      return new Config(
          store, threads, accounts, length, Duration.ZERO, batch, autoBatch, workload, ids);
    }
  }

  /** How far ahead an identified packet's hold expires, as an ILP packet's expiry would. */
  static final Duration PACKET_EXPIRY = Duration.ofSeconds(30);

  /** Receives the live progress of a run, about once a second, from the thread that runs it. */
  interface Progress {
    /**
     * Reports progress.
     *
     * @param measuring {@code false} during warm-up
     * @param elapsed time spent in the current phase
     * @param total length of the current phase
     * @param operations operations completed in the current phase
     */
    void update(boolean measuring, Duration elapsed, Duration total, long operations);

    /** Called once when the run is over. */
    void done();
  }

  /** Reports nothing. */
  static final Progress SILENT =
      new Progress() {
        @Override
        public void update(boolean measuring, Duration elapsed, Duration total, long operations) {}

        @Override
        public void done() {}
      };

  static final long MAX_LATENCY_NANOS = TimeUnit.MINUTES.toNanos(10);
  private static final int WARMUP = 0;
  private static final int MEASURE = 1;
  private static final int STOP = 2;

  private final BalanceTracker tracker;
  private final Config config;
  private final AccountId[] accounts;
  private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-";
  private Histogram measuredLatency;
  private volatile int phase = WARMUP;
  private final LongAdder completed = new LongAdder();

  /** The first error a worker saw during the measured phase, to explain a non-zero count. */
  private final AtomicReference<RuntimeException> firstError = new AtomicReference<>();

  /**
   * Prepares a run.
   *
   * @param tracker the tracker to drive (already wrapped for auto-batching when configured)
   * @param config the run's settings
   */
  BalanceBench(BalanceTracker tracker, Config config) {
    this.tracker = tracker;
    this.config = config;
    this.accounts = new AccountId[config.accounts()];
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = account(i);
    }
  }

  /**
   * The account a run calls number {@code i}, the same in every run, so that {@code --preload} and
   * the measured phase use one set of accounts.
   *
   * @param i the account's number, 0 or more
   * @return the account {@code bench-i}
   */
  static AccountId account(int i) {
    return AccountId.of("bench-" + i);
  }

  /**
   * Runs the benchmark once. The tracker is first asked for one balance, so a store that cannot be
   * reached fails before any thread starts.
   *
   * @param progress receives live progress
   * @return the measured figures
   * @throws InterruptedException when the calling thread is interrupted
   */
  BenchResult run(Progress progress) throws InterruptedException {
    tracker.balance(accounts[0]);
    if (config.identified()) {
      requireExactlyOnce(tracker, config.store(), accounts[0]);
    }
    List<Worker> workers = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(config.threads());
    for (int i = 0; i < config.threads(); i++) {
      Worker w = new Worker(started, idPrefix + i + "-");
      Thread t = new Thread(w, "ledgerkit-bench-" + i);
      t.setDaemon(true);
      workers.add(w);
      threads.add(t);
    }
    long measureStart;
    try {
      threads.forEach(Thread::start);
      started.await();
      runPhase(false, config.warmup(), progress);
      measureStart = System.nanoTime();
      phase = MEASURE;
      runPhase(true, config.duration(), progress);
    } finally {
      phase = STOP;
      for (Thread t : threads) {
        t.join();
      }
      progress.done();
    }
    long end = System.nanoTime();

    Histogram latency = new Histogram(MAX_LATENCY_NANOS, 3);
    long operations = 0;
    long errors = 0;
    for (Worker w : workers) {
      latency.add(w.histogram);
      operations += w.operations;
      errors += w.errors;
    }
    measuredLatency = latency;
    return new BenchResult(
        config.store(),
        config.threads(),
        config.accounts(),
        config.batch(),
        config.autoBatch(),
        config.workload(),
        config.identified(),
        operations,
        (end - measureStart) / 1e9,
        micros(latency, 50.0),
        micros(latency, 99.0),
        micros(latency, 99.9),
        errors);
  }

  /**
   * Fails with one clear line when the tracker does not support exactly-once tracking (the SPI's
   * defaults throw {@link UnsupportedOperationException}); asks for one hold, which changes
   * nothing.
   *
   * @param tracker the tracker
   * @param store the store's name, for the message
   * @param account any account
   * @throws IllegalStateException naming the store and the fix when it is not supported
   */
  static void requireExactlyOnce(BalanceTracker tracker, String store, AccountId account) {
    try {
      tracker.hold(HoldRef.of(account, OperationId.of("ledgerkit-bench-probe")));
    } catch (UnsupportedOperationException e) {
      throw new IllegalStateException(
          "the "
              + store
              + " store's tracker does not support identified operations (exactly-once"
              + " tracking) yet: "
              + e.getMessage()
              + "; run without --identified and --compare-identified",
          e);
    }
  }

  /**
   * The latency of every call measured by the last {@link #run}, to merge rounds.
   *
   * @return the histogram, or {@code null} before a run
   */
  Histogram latency() {
    return measuredLatency;
  }

  /**
   * Returns the first error seen while measuring, if any.
   *
   * @return the error or {@code null}
   */
  RuntimeException firstError() {
    return firstError.get();
  }

  private void runPhase(boolean measuring, Duration length, Progress progress)
      throws InterruptedException {
    long start = System.nanoTime();
    long total = length.toNanos();
    long base = completed.sum();
    while (true) {
      long elapsed = System.nanoTime() - start;
      long left = total - elapsed;
      if (left <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
      long now = Math.min(System.nanoTime() - start, total);
      progress.update(measuring, Duration.ofNanos(now), length, completed.sum() - base);
    }
  }

  private static double micros(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }

  /** One client thread: its own histogram and counters, merged after it stopped. */
  private final class Worker implements Runnable {
    private final CountDownLatch started;
    private final String ids;
    private final Histogram histogram = new Histogram(MAX_LATENCY_NANOS, 3);
    private long operations;
    private long errors;
    private long stepErrors;
    private long nextId;

    Worker(CountDownLatch started, String ids) {
      this.started = started;
      this.ids = ids;
    }

    private OperationId newId() {
      return new OperationId(ids + nextId++);
    }

    @Override
    public void run() {
      started.countDown();
      ThreadLocalRandom random = ThreadLocalRandom.current();
      while (true) {
        int p = phase;
        if (p == STOP) {
          return;
        }
        stepErrors = 0;
        long t0 = System.nanoTime();
        long ok = step(random);
        long t1 = System.nanoTime();
        completed.add(ok);
        if (p == MEASURE) {
          histogram.recordValue(Math.min(t1 - t0, MAX_LATENCY_NANOS));
          operations += ok;
          errors += stepErrors;
        }
      }
    }

    private long step(ThreadLocalRandom random) {
      int batch = config.batch();
      if (config.identified()) {
        return batch == 1 ? identifiedOne(random) : identifiedBatch(random, batch);
      }
      if (config.workload() == Workload.PREPARE) {
        return batch == 1 ? prepareOne(random) : prepareBatch(random, batch);
      }
      return batch == 1 ? packetOne(random) : packetBatch(random, batch);
    }

    /** An identified prepare (packet: with the packet's expiry, then a fulfill), then commit. */
    private long identifiedOne(ThreadLocalRandom random) {
      boolean packet = config.workload() == Workload.PACKET;
      int from = random.nextInt(accounts.length);
      OperationId id = newId();
      PrepareRequest prepare = PrepareRequest.of(accounts[from], 1).withId(id);
      if (packet) {
        prepare = prepare.expiringAt(Instant.now().plus(PACKET_EXPIRY));
      }
      HoldRef hold = HoldRef.of(accounts[from], id);
      try {
        tracker.prepare(prepare);
        if (packet) {
          try {
            tracker.fulfill(FulfillRequest.of(accounts[other(random, from)], 1).withId(id));
          } catch (RuntimeException e) {
            releaseQuietly(List.of(hold));
            throw e;
          }
        }
        tracker.commit(hold);
        return 1;
      } catch (RuntimeException e) {
        return failed(e, 1);
      }
    }

    /** prepareAll with ids (packet: then fulfillAll with the same ids), then commitHolds. */
    private long identifiedBatch(ThreadLocalRandom random, int batch) {
      boolean packet = config.workload() == Workload.PACKET;
      Instant expiresAt = packet ? Instant.now().plus(PACKET_EXPIRY) : null;
      int[] from = new int[batch];
      OperationId[] id = new OperationId[batch];
      List<PrepareRequest> prepares = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        from[i] = random.nextInt(accounts.length);
        id[i] = newId();
        PrepareRequest r = PrepareRequest.of(accounts[from[i]], 1).withId(id[i]);
        prepares.add(expiresAt != null ? r.expiringAt(expiresAt) : r);
      }
      try {
        List<Outcome<PrepareResult>> prepared = tracker.prepareAll(prepares);
        List<HoldRef> held = new ArrayList<>(batch);
        List<FulfillRequest> fulfills = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
          Outcome<PrepareResult> outcome = prepared.get(i);
          if (outcome.isSuccess()) {
            held.add(HoldRef.of(accounts[from[i]], id[i]));
            if (packet) {
              fulfills.add(FulfillRequest.of(accounts[other(random, from[i])], 1).withId(id[i]));
            }
          } else {
            noteError(((Outcome.Failure<PrepareResult>) outcome).error());
          }
        }
        if (held.isEmpty()) {
          return 0;
        }
        List<HoldRef> toCommit = held;
        if (packet) {
          List<Outcome<FulfillResult>> fulfilled;
          try {
            fulfilled = tracker.fulfillAll(fulfills);
          } catch (RuntimeException e) {
            releaseQuietly(held);
            throw e;
          }
          toCommit = new ArrayList<>(held.size());
          List<HoldRef> toRelease = new ArrayList<>();
          for (int i = 0; i < held.size(); i++) {
            Outcome<FulfillResult> f = fulfilled.get(i);
            if (f.isSuccess()) {
              toCommit.add(held.get(i));
            } else {
              noteError(((Outcome.Failure<FulfillResult>) f).error());
              toRelease.add(held.get(i));
            }
          }
          if (!toRelease.isEmpty()) {
            releaseQuietly(toRelease);
          }
          if (toCommit.isEmpty()) {
            return 0;
          }
        }
        List<Outcome<HoldResult>> committed = tracker.commitHolds(toCommit);
        return succeeded(committed);
      } catch (RuntimeException e) {
        return failed(e, batch);
      }
    }

    /** Gives back the holds of operations that failed half-way, so no hold is left behind. */
    private void releaseQuietly(List<HoldRef> holds) {
      try {
        tracker.rejectHolds(holds);
      } catch (RuntimeException e) {
        // The operation is already counted as failed; its hold expires or stays for recovery.
      }
    }

    private long prepareOne(ThreadLocalRandom random) {
      try {
        tracker.prepare(PrepareRequest.of(randomAccount(random), 1));
        return 1;
      } catch (RuntimeException e) {
        return failed(e, 1);
      }
    }

    private long packetOne(ThreadLocalRandom random) {
      int from = random.nextInt(accounts.length);
      try {
        tracker.prepare(PrepareRequest.of(accounts[from], 1));
        tracker.fulfill(FulfillRequest.of(accounts[other(random, from)], 1));
        return 1;
      } catch (RuntimeException e) {
        return failed(e, 1);
      }
    }

    private long prepareBatch(ThreadLocalRandom random, int batch) {
      List<PrepareRequest> requests = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        requests.add(PrepareRequest.of(randomAccount(random), 1));
      }
      try {
        return succeeded(tracker.prepareAll(requests));
      } catch (RuntimeException e) {
        return failed(e, batch);
      }
    }

    private long packetBatch(ThreadLocalRandom random, int batch) {
      int[] from = new int[batch];
      List<PrepareRequest> prepares = new ArrayList<>(batch);
      for (int i = 0; i < batch; i++) {
        from[i] = random.nextInt(accounts.length);
        prepares.add(PrepareRequest.of(accounts[from[i]], 1));
      }
      try {
        List<Outcome<PrepareResult>> prepared = tracker.prepareAll(prepares);
        List<FulfillRequest> fulfills = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
          Outcome<PrepareResult> outcome = prepared.get(i);
          if (outcome.isSuccess()) {
            fulfills.add(FulfillRequest.of(accounts[other(random, from[i])], 1));
          } else {
            noteError(((Outcome.Failure<PrepareResult>) outcome).error());
          }
        }
        if (fulfills.isEmpty()) {
          return 0;
        }
        List<Outcome<FulfillResult>> fulfilled = tracker.fulfillAll(fulfills);
        return succeeded(fulfilled);
      } catch (RuntimeException e) {
        return failed(e, batch);
      }
    }

    private <T> long succeeded(List<Outcome<T>> outcomes) {
      long ok = 0;
      for (Outcome<T> o : outcomes) {
        if (o.isSuccess()) {
          ok++;
        } else {
          noteError(((Outcome.Failure<T>) o).error());
        }
      }
      return ok;
    }

    private long failed(RuntimeException e, int items) {
      stepErrors += items - 1;
      noteError(e);
      return 0;
    }

    private void noteError(RuntimeException e) {
      stepErrors++;
      if (phase == MEASURE) {
        firstError.compareAndSet(null, e);
      }
    }

    private AccountId randomAccount(ThreadLocalRandom random) {
      return accounts[random.nextInt(accounts.length)];
    }

    private int other(ThreadLocalRandom random, int from) {
      int to = random.nextInt(accounts.length - 1);
      return to >= from ? to + 1 : to;
    }
  }
}
