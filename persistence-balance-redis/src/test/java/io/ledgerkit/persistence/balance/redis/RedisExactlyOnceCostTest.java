package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the exactly-once machinery costs: one expiry pass and one page of the whole-store listing on
 * the 3-master cluster with nothing to find (a fixed cost per call: one ZCOUNT or page script per
 * slot, pipelined per node), and identified packets (prepare, fulfill, commit with ids) against
 * unidentified ones (prepare, fulfill) on the test Redis, interleaved. The figures are printed; the
 * bounds only catch a regression by an order of magnitude.
 */
@DisplayName("Redis exactly-once costs: fixed per-call cost on the cluster, identified vs not")
class RedisExactlyOnceCostTest {
  @RegisterExtension static final TestRedisExtension CLUSTER = TestRedisExtension.cluster();
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();

  private static double medianMillis(Runnable r, int times) {
    double[] t = new double[times];
    for (int i = 0; i < times; i++) {
      long s = System.nanoTime();
      r.run();
      t[i] = (System.nanoTime() - s) / 1e6;
    }
    Arrays.sort(t);
    return t[times / 2];
  }

  @Test
  @DisplayName("expireHolds and holds(cursor) with nothing due / held on the 3-master cluster")
  void fixedCostOnTheCluster() {
    try (RedisBalanceTracker tracker = RedisTrackers.open(CLUSTER.redis())) {
      tracker.expireHolds(100); // warm up connections and scripts
      double expire = medianMillis(() -> assertThat(tracker.expireHolds(100)).isEmpty(), 9);
      tracker.holds(null, 100);
      double page = medianMillis(() -> assertThat(tracker.holds(null, 100).holds()).isEmpty(), 5);
      System.out.printf(
          "3-master cluster, nothing due: expireHolds(100) %.1f ms (1 TIME + 16,384 pipelined"
              + " ZCOUNT); holds(null, 100) over empty indexes %.1f ms (16,384 pipelined EXISTS)%n",
          expire, page);
      assertThat(expire).isLessThan(5_000);
      assertThat(page).isLessThan(10_000);
    }
  }

  @Test
  @DisplayName(
      "identified packets (prepare, fulfill, commit) against unidentified (prepare, fulfill)")
  void identifiedAgainstUnidentified() throws Exception {
    int threads = 8;
    int rounds = 3;
    long perRound = 1_500; // packets per thread per round
    double[] rate = new double[2];
    double[] callRate = new double[2];
    AtomicLong[] calls = {new AtomicLong(), new AtomicLong()};
    try (RedisBalanceTracker tracker = RedisTrackers.open(REDIS.redis())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      AtomicLong ids = new AtomicLong();
      for (int round = 0; round < rounds * 2; round++) {
        boolean identified = round % 2 == 1;
        List<Future<?>> fs = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
          AccountId from = AccountId.of("cost-in-" + t);
          AccountId to = AccountId.of("cost-out-" + t);
          fs.add(
              pool.submit(
                  () -> {
                    for (long i = 0; i < perRound; i++) {
                      if (identified) {
                        OperationId id = OperationId.of("pk-" + ids.incrementAndGet());
                        tracker.prepare(PrepareRequest.of(from, 10).withId(id));
                        tracker.fulfill(FulfillRequest.of(to, 10).withId(id));
                        tracker.commit(HoldRef.of(from, id));
                      } else {
                        tracker.prepare(PrepareRequest.of(from, 10));
                        tracker.fulfill(FulfillRequest.of(to, 10));
                      }
                      calls[identified ? 1 : 0].addAndGet(identified ? 3 : 2);
                    }
                    return null;
                  }));
        }
        for (Future<?> f : fs) {
          f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        rate[identified ? 1 : 0] += threads * perRound / seconds / rounds;
        callRate[identified ? 1 : 0] +=
            threads * perRound * (identified ? 3 : 2) / seconds / rounds;
      }
      pool.shutdown();
    }
    System.out.printf(
        "test Redis, %d threads: unidentified %.0f packets/s, identified (journal on) %.0f"
            + " packets/s, ratio %.2f; per call %.0f vs %.0f calls/s, ratio %.2f%n",
        threads,
        rate[0],
        rate[1],
        rate[1] / rate[0],
        callRate[0],
        callRate[1],
        callRate[1] / callRate[0]);
    assertThat(rate[1] / rate[0]).isGreaterThan(0.2);
  }
}
