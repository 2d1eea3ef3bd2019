package io.ledgerkit.persistence.benchmarks;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.balance.redis.RedisBalanceTracker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One call of {@code prepare} (unidentified and identified), {@code fulfill} and {@code commit} on
 * a tracker: {@code memory} is {@link InMemoryBalanceTracker}, the floor (no I/O: the tracker's own
 * cost alone); {@code redis} is {@link RedisBalanceTracker} against a real server ({@link
 * BenchRedis}), so its time includes the round trip and the script, and its allocation is the
 * client's (Jedis included).
 *
 * <p>Every thread works on an account of its own. Amounts are 12,345 (above the 0..1023 whose
 * digits the Redis tracker caches), minimum balance far below zero so no prepare is refused.
 * Resolved operation records are kept 1 ms and journals 16 entries, so that memory does not grow
 * with the run; between iterations the Redis keys under {@link BenchRedis#PREFIX} are deleted and
 * the in-memory tracker is started anew (an identified prepare alone leaves its hold held).
 *
 * <p>{@link #identifiedRequest} measures only what the caller builds for an identified call (the
 * operation id and the request), which the identified benchmarks include: subtract it to get the
 * tracker's part. {@link #prepareIdentifiedThenCommit} is two calls; {@code commit} alone is it
 * minus {@link #prepareIdentified}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class TrackerCallBenchmark {
  static final long AMOUNT = 12_345;
  static final long MIN_BALANCE = Long.MIN_VALUE / 4;

  /** Which tracker. */
  @Param({"memory", "redis"})
  public String store;

  BalanceTracker tracker;
  final AtomicInteger threads = new AtomicInteger();

  static Retention retention() {
    return new Retention(Duration.ofMillis(1), null, 16);
  }

  @Setup(Level.Trial)
  public void start() {
    tracker = open();
  }

  BalanceTracker open() {
    switch (store) {
      case "memory":
        return InMemoryBalanceTracker.configure().retention(retention()).start();
      case "redis":
        BenchRedis.deleteOwnKeys();
        return RedisBalanceTracker.configure()
            .url(BenchRedis.url())
            .keyPrefix(BenchRedis.PREFIX)
            .retention(retention())
            .start();
      default:
        throw new IllegalArgumentException("store " + store + ": use memory or redis");
    }
  }

  @TearDown(Level.Iteration)
  public void reset() {
    if (store.equals("memory")) {
      tracker.close();
      tracker = open();
    } else {
      BenchRedis.deleteOwnKeys();
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    tracker.close();
    if (store.equals("redis")) {
      BenchRedis.deleteOwnKeys();
    }
  }

  /** One thread's account, its requests and its operation id counter. */
  @State(Scope.Thread)
  public static class Caller {
    AccountId account;
    PrepareRequest prepare;
    FulfillRequest fulfill;
    String idPrefix;
    long next;

    @Setup(Level.Trial)
    public void setUp(TrackerCallBenchmark b) {
      int n = b.threads.incrementAndGet();
      account = AccountId.of("acct-" + n);
      prepare = new PrepareRequest(account, AMOUNT, MIN_BALANCE);
      fulfill = FulfillRequest.of(account, AMOUNT);
      idPrefix = "op-" + n + "-" + System.nanoTime() + "-";
    }

    OperationId nextId() {
      return OperationId.of(idPrefix + next++);
    }
  }

  @Benchmark
  public PrepareResult prepare(Caller c) {
    return tracker.prepare(c.prepare);
  }

  @Benchmark
  public PrepareResult prepareIdentified(Caller c) {
    return tracker.prepare(c.prepare.withId(c.nextId()));
  }

  @Benchmark
  public HoldResult prepareIdentifiedThenCommit(Caller c) {
    OperationId id = c.nextId();
    tracker.prepare(c.prepare.withId(id));
    return tracker.commit(HoldRef.of(c.account, id));
  }

  @Benchmark
  public FulfillResult fulfill(Caller c) {
    return tracker.fulfill(c.fulfill);
  }

  @Benchmark
  public PrepareRequest identifiedRequest(Caller c) {
    return c.prepare.withId(c.nextId());
  }
}
