package io.ledgerkit.persistence.testkit.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Close: calls after close are refused, and calls in flight at close either complete or fail
 * without a partial effect. A part of the balance tracker compatibility kit; {@link
 * BalanceTrackerContract} runs every part.
 */
public interface CloseContract extends BalanceTrackerFixture {

  /**
   * After close every call is refused with IllegalStateException saying the tracker is closed,
   * never as a store failure.
   */
  @Test
  @DisplayName(
      "after close every call is refused with IllegalStateException saying the tracker is closed,"
          + " never as a store failure")
  default void callsAfterCloseAreRefused() {
    AccountId a = account("closed");
    BalanceTracker t = newTracker();
    PrepareResult p = t.prepare(a, 1);
    t.close();
    t.close(); // idempotent
    List<ThrowingCallable> calls =
        List.of(
            () -> t.balance(a),
            () -> t.prepare(a, 1),
            () -> t.reject(p),
            () -> t.fulfill(a, 1, BalanceSettings.NONE),
            () -> t.settlementSucceeded(SettlementId.random(a)),
            () -> t.settlementFailed(SettlementId.random(a)),
            () -> t.pendingSettlements(a),
            () -> t.pendingSettlements(),
            () -> t.pendingSettlements(null, 10),
            () -> t.incomingSettlement(key("closed"), a, 1),
            () -> t.prepareAll(List.of(PrepareRequest.of(a, 1))),
            () -> t.fulfillAll(List.of(new FulfillRequest(a, 1, BalanceSettings.NONE))),
            () -> t.rejectAll(List.of(p)));
    for (ThrowingCallable c : calls) {
      assertThat(catchThrowable(c))
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
    if (sharesStore()) {
      assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, -1, 0));
    }
  }

  /**
   * A call in flight while close() runs completes or is refused with IllegalStateException
   * ('closed'), never as a store failure, and every call reported applied is applied.
   *
   * @throws Exception when the case fails unexpectedly
   */
  @Test
  @DisplayName(
      "a call in flight while close() runs completes or is refused with IllegalStateException"
          + " ('closed'), never as a store failure, and every call reported applied is applied")
  default void closeWithCallsInFlight() throws Exception {
    int threads = 8;
    BalanceTracker t = newTracker();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch started = new CountDownLatch(threads);
      List<Future<long[]>> workers = new ArrayList<>();
      for (int w = 0; w < threads; w++) {
        AccountId own = account("closing-" + w);
        workers.add(
            pool.submit(
                () -> {
                  long applied = 0;
                  started.countDown();
                  for (int n = 0; n < 1_000_000; n++) {
                    try {
                      t.prepare(own, 1);
                      applied++;
                    } catch (IllegalStateException e) {
                      assertThat(e).hasMessageContaining("closed");
                      return new long[] {applied};
                    }
                  }
                  return new long[] {applied};
                }));
      }
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(200);
      t.close();
      for (int w = 0; w < threads; w++) {
        long applied = workers.get(w).get(60, TimeUnit.SECONDS)[0];
        AccountId own = account("closing-" + w);
        if (!sharesStore()) {
          continue;
        }
        assertThat(tracker().balance(own))
            .as("balance of %s: exactly the prepares reported applied", own)
            .isEqualTo(new AccountBalance(own, -applied, 0));
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
