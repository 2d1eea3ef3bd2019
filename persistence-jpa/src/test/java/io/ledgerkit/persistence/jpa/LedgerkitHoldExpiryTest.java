package io.ledgerkit.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.HoldExpiry;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * {@link Ledgerkit#start} runs the hold-expiry scheduler of {@code balance.holds.expiry.*} on its
 * tracker, and gives the tracker {@code balance.retention.*}; embedded H2, {@code
 * balance.store=memory}.
 */
class LedgerkitHoldExpiryTest {

  private static final AccountId ALICE = AccountId.of("alice");

  private static LedgerkitConfig.Builder config() {
    return LedgerkitConfig.configure()
        .environment(Map.of())
        .databaseUrl("jdbc:h2:mem:lk-" + UUID.randomUUID())
        .runMigration(true);
  }

  @Test
  void theSchedulerReleasesAnExpiredHoldAndStopsBeforeTheTrackerCloses() {
    Ledgerkit lk =
        Ledgerkit.start(
            config()
                .balanceStore("memory")
                .set("balance.holds.expiry.interval", "20ms")
                .set("balance.holds.expiry.batchSize", "50")
                .load());
    HoldExpiry expiry;
    try {
      expiry = lk.holdExpiry().orElseThrow();
      assertThat(expiry.interval()).isEqualTo(Duration.ofMillis(20));
      assertThat(expiry.batchSize()).isEqualTo(50);
      assertThat(expiry.isRunning()).isTrue();

      // The memory store's clock is the system clock: the hold expires 200 ms from now.
      OperationId id = OperationId.random();
      lk.balanceTracker()
          .prepare(
              PrepareRequest.of(ALICE, 7).withId(id).expiringAt(Instant.now().plusMillis(200)));
      HoldRef ref = HoldRef.of(ALICE, id);
      assertThat(lk.balanceTracker().balance(ALICE).netBalance()).isEqualTo(-7);

      await(() -> lk.balanceTracker().hold(ref).orElseThrow().state() == HoldState.EXPIRED);
      assertThat(lk.balanceTracker().balance(ALICE).netBalance()).isZero();
      assertThat(expiry.released()).isEqualTo(1);
    } finally {
      lk.close();
    }
    assertThat(expiry.isRunning()).isFalse();
    assertThatThrownBy(() -> lk.balanceTracker().balance(ALICE))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeStopsTheSchedulerBeforeClosingTheTracker() {
    int before = CloseOrderBalanceTrackerProvider.EXPIRY_CALLS.get();
    Ledgerkit lk =
        Ledgerkit.start(
            config()
                .balanceStore(CloseOrderBalanceTrackerProvider.STORE)
                .set("balance.holds.expiry.interval", "10ms")
                .load());
    try {
      await(() -> CloseOrderBalanceTrackerProvider.EXPIRY_CALLS.get() >= before + 3);
    } finally {
      lk.close();
    }
    assertThat(CloseOrderBalanceTrackerProvider.EXPIRY_THREADS_AT_CLOSE.get())
        .as("hold-expiry threads alive when the tracker was closed")
        .isZero();
    assertThat(CloseOrderBalanceTrackerProvider.EXPIRY_CALLS_AT_CLOSE.get())
        .as("expireHolds calls in flight when the tracker was closed")
        .isZero();
  }

  @Test
  void disabledMeansNoScheduler() {
    try (Ledgerkit lk =
        Ledgerkit.start(config().set("balance.holds.expiry.enabled", "false").load())) {
      assertThat(lk.holdExpiry()).isEmpty();
    }
  }

  @Test
  void theRetentionKeysReachTheTracker() {
    try (Ledgerkit lk =
        Ledgerkit.start(
            config()
                .set("balance.retention.operations", "PT2H")
                .set("balance.retention.journalAge", "P1D")
                .set("balance.retention.journalEntries", "42")
                .load())) {
      assertThat(((InMemoryBalanceTracker) lk.balanceTracker()).retention())
          .isEqualTo(new Retention(Duration.ofHours(2), Duration.ofDays(1), 42));
    }
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
