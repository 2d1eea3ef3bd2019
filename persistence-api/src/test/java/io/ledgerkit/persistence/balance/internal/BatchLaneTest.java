package io.ledgerkit.persistence.balance.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
              throw new IllegalStateException("the whole batch failed");
            },
            64,
            0,
            1);
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
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("the whole batch failed");
        assertThat(seen.put(t, true)).as("exception shared with another caller").isNull();
      }
      assertThat(batches.get()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
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
