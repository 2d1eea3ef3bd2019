package io.ledgerkit.persistence.balance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Group commit of {@link BatchLane} when a whole batch fails. */
class BatchLaneTest {

  /**
   * When a whole batch fails, every caller gets an exception of its own (same type and message, the
   * original as cause): an exception object shared between threads would carry what one caller adds
   * to it (suppressed exceptions, a cause) to the callers of the other requests.
   */
  @Test
  void everyCallerOfAFailedBatchGetsItsOwnException() throws Exception {
    CountDownLatch leaderRunning = new CountDownLatch(1);
    CountDownLatch releaseLeader = new CountDownLatch(1);
    AtomicInteger batches = new AtomicInteger();
    BatchLane<Integer, Integer> lane =
        new BatchLane<>(
            "test",
            "test",
            null,
            q -> {
              if (q == 0) {
                leaderRunning.countDown();
                await(releaseLeader);
                return 0;
              }
              throw new IllegalStateException("single " + q + " failed");
            },
            (List<Integer> qs) -> {
              batches.incrementAndGet();
              throw BalanceStoreUnavailableException.inDoubt("the whole batch failed", null);
            },
            64,
            0,
            1,
            TimeUnit.SECONDS.toNanos(30));
    int followers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(followers + 1);
    try {
      Future<Integer> leader = pool.submit(() -> lane.submit(0));
      assertThat(leaderRunning.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 1; i <= followers; i++) {
        int q = i;
        calls.add(pool.submit(() -> lane.submit(q)));
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (queued(lane) < followers && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      releaseLeader.countDown();
      assertThat(leader.get(10, TimeUnit.SECONDS)).isZero();
      Map<Throwable, Boolean> seen = new IdentityHashMap<>();
      for (Future<Integer> f : calls) {
        Throwable t = catchCause(f);
        assertThat(t)
            .isInstanceOf(BalanceStoreUnavailableException.class)
            .hasMessage("the whole batch failed");
        assertThat(((BalanceStoreUnavailableException) t).mayHaveBeenApplied())
            .as("the in-doubt flag reaches every caller")
            .isTrue();
        assertThat(seen.put(t, true)).as("exception shared with another caller").isNull();
      }
      assertThat(batches.get()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A whole batch that fails with anything but a store outage (a data error of one account) applied
   * nothing by the tracker contract: its items run again alone, so that each caller gets its own
   * outcome instead of the one bad item's error.
   */
  @Test
  void aWholeBatchDataErrorIsRetriedItemByItem() throws Exception {
    CountDownLatch leaderRunning = new CountDownLatch(1);
    CountDownLatch releaseLeader = new CountDownLatch(1);
    AtomicInteger batches = new AtomicInteger();
    BatchLane<Integer, Integer> lane =
        new BatchLane<>(
            "test",
            "test",
            null,
            q -> {
              if (q == 0) {
                leaderRunning.countDown();
                await(releaseLeader);
              }
              if (q == 3) {
                throw new IllegalStateException("item 3 has malformed data");
              }
              return q * 10;
            },
            (List<Integer> qs) -> {
              batches.incrementAndGet();
              throw new IllegalStateException("item 3 has malformed data");
            },
            64,
            0,
            1,
            TimeUnit.SECONDS.toNanos(30));
    int followers = 6;
    ExecutorService pool = Executors.newFixedThreadPool(followers + 1);
    try {
      Future<Integer> leader = pool.submit(() -> lane.submit(0));
      assertThat(leaderRunning.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 1; i <= followers; i++) {
        int q = i;
        calls.add(pool.submit(() -> lane.submit(q)));
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (queued(lane) < followers && System.nanoTime() < until) {
        Thread.sleep(5);
      }
      releaseLeader.countDown();
      assertThat(leader.get(10, TimeUnit.SECONDS)).isZero();
      for (int i = 1; i <= followers; i++) {
        Future<Integer> f = calls.get(i - 1);
        if (i == 3) {
          assertThat(catchCause(f)).hasMessage("item 3 has malformed data");
        } else {
          assertThat(f.get(10, TimeUnit.SECONDS)).as("call %s", i).isEqualTo(i * 10);
        }
      }
      assertThat(batches.get()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A call queued behind a batch that hangs leaves the queue after the lane's maximum queue time,
   * with a store failure that says nothing was applied, instead of adding batch times up.
   */
  @Test
  void aQueuedCallLeavesAfterTheMaximumQueueTime() throws Exception {
    CountDownLatch leaderRunning = new CountDownLatch(1);
    CountDownLatch releaseLeader = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    BatchLane<Integer, Integer> lane =
        new BatchLane<>(
            "test",
            "test",
            null,
            q -> {
              ran.incrementAndGet();
              if (q == 0) {
                leaderRunning.countDown();
                await(releaseLeader);
              }
              return q;
            },
            (List<Integer> qs) -> {
              throw new AssertionError("no batch should run");
            },
            64,
            0,
            1,
            TimeUnit.MILLISECONDS.toNanos(200));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> leader = pool.submit(() -> lane.submit(0));
      assertThat(leaderRunning.await(10, TimeUnit.SECONDS)).isTrue();
      long start = System.nanoTime();
      Future<Integer> queuedCall = pool.submit(() -> lane.submit(1));
      Throwable t = catchCause(queuedCall);
      long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertThat(t).isInstanceOf(BalanceStoreUnavailableException.class);
      assertThat(((BalanceStoreUnavailableException) t).mayHaveBeenApplied()).isFalse();
      assertThat(waited).as("ms waited in the queue").isBetween(150L, 5_000L);
      releaseLeader.countDown();
      assertThat(leader.get(10, TimeUnit.SECONDS)).isZero();
      assertThat(ran.get()).as("the queued call never ran").isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /** What a listener heard, in order. */
  private static final class Recording
      implements io.ledgerkit.persistence.balance.AutoBatchListener {
    final List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Long> waits = java.util.Collections.synchronizedList(new ArrayList<>());
    final boolean fail;

    Recording(boolean fail) {
      this.fail = fail;
    }

    @Override
    public void dispatched(String operation, int size, long nanos) {
      events.add(operation + " x" + size);
      if (fail) {
        throw new IllegalStateException("listener failure");
      }
    }

    @Override
    public void queued(String operation, long nanos) {
      waits.add(nanos);
      if (fail) {
        throw new IllegalStateException("listener failure");
      }
    }

    @Override
    public void queueTimedOut(String operation) {
      events.add(operation + " timed out");
      if (fail) {
        throw new IllegalStateException("listener failure");
      }
    }
  }

  /**
   * The listener hears each dispatch with its size (the leader alone, then the queued callers as
   * one batch) and each queued call's wait; a listener that throws fails no call.
   */
  @Test
  void listenerHearsBatchSizesAndQueueWaits() throws Exception {
    for (boolean failing : new boolean[] {false, true}) {
      Recording listener = new Recording(failing);
      CountDownLatch leaderRunning = new CountDownLatch(1);
      CountDownLatch releaseLeader = new CountDownLatch(1);
      BatchLane<Integer, Integer> lane =
          new BatchLane<>(
              "test",
              "prepare",
              listener,
              q -> {
                if (q == 0) {
                  leaderRunning.countDown();
                  await(releaseLeader);
                }
                return q;
              },
              (List<Integer> qs) ->
                  qs.stream().map(io.ledgerkit.persistence.balance.Outcome::success).toList(),
              64,
              0,
              1,
              TimeUnit.SECONDS.toNanos(30));
      int followers = 5;
      ExecutorService pool = Executors.newFixedThreadPool(followers + 1);
      try {
        Future<Integer> leader = pool.submit(() -> lane.submit(0));
        assertThat(leaderRunning.await(10, TimeUnit.SECONDS)).isTrue();
        List<Future<Integer>> calls = new ArrayList<>();
        for (int i = 1; i <= followers; i++) {
          int q = i;
          calls.add(pool.submit(() -> lane.submit(q)));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queued(lane) < followers && System.nanoTime() < until) {
          Thread.sleep(5);
        }
        Thread.sleep(20);
        releaseLeader.countDown();
        assertThat(leader.get(10, TimeUnit.SECONDS)).isZero();
        for (int i = 0; i < followers; i++) {
          assertThat(calls.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i + 1);
        }
        assertThat(listener.events)
            .as("reported after the hand-off, so in either order")
            .containsExactlyInAnyOrder("prepare x1", "prepare x" + followers);
        assertThat(listener.waits).hasSize(followers);
        assertThat(listener.waits)
            .as("each queued call waited at least the 20 ms the leader was held")
            .allSatisfy(
                w -> assertThat(w).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20)));
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static int queued(BatchLane<?, ?> lane) throws Exception {
    java.lang.reflect.Field f = BatchLane.class.getDeclaredField("queue");
    f.setAccessible(true);
    java.util.concurrent.locks.ReentrantLock lock = lockOf(lane);
    lock.lock();
    try {
      return ((java.util.ArrayDeque<?>) f.get(lane)).size();
    } finally {
      lock.unlock();
    }
  }

  private static java.util.concurrent.locks.ReentrantLock lockOf(BatchLane<?, ?> lane)
      throws Exception {
    java.lang.reflect.Field f = BatchLane.class.getDeclaredField("lock");
    f.setAccessible(true);
    return (java.util.concurrent.locks.ReentrantLock) f.get(lane);
  }

  private static Throwable catchCause(Future<?> f) throws Exception {
    try {
      f.get(10, TimeUnit.SECONDS);
      throw new AssertionError("the call should have failed");
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
