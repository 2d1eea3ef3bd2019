package io.ledgerkit.persistence.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HoldExpiry} on the in-memory reference tracker, whose clock the tests move. Nothing waits
 * for a fixed time to pass: the tests wait (bounded) for runs to complete and then check what they
 * did.
 */
class HoldExpiryTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final AccountId ALICE = AccountId.of("alice");
  private static final Duration FAST = Duration.ofMillis(10);

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryBalanceTracker tracker =
      InMemoryBalanceTracker.configure().clock(clock).start();
  private final RecordingLog log = new RecordingLog();
  private HoldExpiry expiry;

  @AfterEach
  void stop() {
    if (expiry != null) {
      expiry.close();
    }
    tracker.close();
  }

  @Test
  void releasesHoldsOnceTheStoresClockPassesTheirExpiry() {
    HoldRef soon = hold("p1", T0.plusSeconds(10));
    HoldRef later = hold("p2", T0.plusSeconds(60));
    HoldRef never = hold("p3", null);
    expiry = HoldExpiry.start(tracker, FAST, 1000, log);

    awaitRuns(3);
    assertThat(expiry.released()).isZero();
    assertThat(state(soon)).isEqualTo(HoldState.HELD);
    assertThat(tracker.balance(ALICE).netBalance()).isEqualTo(-30);

    clock.advance(Duration.ofSeconds(10));
    await(() -> expiry.released() == 1);
    assertThat(state(soon)).isEqualTo(HoldState.EXPIRED);
    assertThat(state(later)).isEqualTo(HoldState.HELD);
    assertThat(tracker.balance(ALICE).netBalance()).isEqualTo(-20);

    clock.advance(Duration.ofDays(365));
    await(() -> expiry.released() == 2);
    assertThat(state(later)).isEqualTo(HoldState.EXPIRED);
    assertThat(state(never)).isEqualTo(HoldState.HELD);
    assertThat(tracker.balance(ALICE).netBalance()).isEqualTo(-10);
    assertThat(tracker.journal(ALICE, 1, 100))
        .extracting(JournalEntry::kind)
        .containsExactly(
            JournalKind.PREPARE,
            JournalKind.PREPARE,
            JournalKind.PREPARE,
            JournalKind.EXPIRY,
            JournalKind.EXPIRY);
    assertThat(log.warnings).isEmpty();
  }

  @Test
  void oneRunClearsABacklogBiggerThanABatch() {
    for (int i = 0; i < 7; i++) {
      hold("b" + i, T0.plusSeconds(1));
    }
    clock.advance(Duration.ofSeconds(1));
    // An hour between runs: only the first run, at start, can have released them.
    expiry = HoldExpiry.start(tracker, Duration.ofHours(1), 2, log);

    awaitRuns(1);
    assertThat(expiry.runs()).isEqualTo(1);
    assertThat(expiry.released()).isEqualTo(7);
    assertThat(tracker.holds(ALICE)).isEmpty();
    assertThat(tracker.balance(ALICE).netBalance()).isZero();
  }

  @Test
  void aStoreOutageIsLoggedOnceAndTheThreadKeepsGoing() {
    FaultyTracker faulty = new FaultyTracker(tracker);
    faulty.mode = FaultyTracker.Mode.STORE_DOWN;
    HoldRef h = hold("o1", T0.plusSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    expiry = HoldExpiry.start(faulty, FAST, 100, log);

    awaitRuns(5);
    assertThat(log.warnings).hasSize(1);
    assertThat(log.warnings.get(0))
        .contains("the balance store is unavailable")
        .contains("retrying every PT0.01S")
        .contains("cannot reach the store (test)");
    assertThat(log.debugs).isNotEmpty();
    assertThat(expiry.isRunning()).isTrue();
    assertThat(state(h)).isEqualTo(HoldState.HELD);

    faulty.mode = FaultyTracker.Mode.WORKING;
    await(() -> expiry.released() == 1);
    assertThat(state(h)).isEqualTo(HoldState.EXPIRED);
    await(() -> log.infos.size() == 1);
    assertThat(log.infos.get(0)).contains("works again after");

    // A second outage is a new outage: one more warning.
    faulty.mode = FaultyTracker.Mode.BROKEN;
    long runs = expiry.runs();
    awaitRuns(runs + 3);
    assertThat(log.warnings).hasSize(2);
    assertThat(log.warnings.get(1)).contains("expireHolds failed").contains("broken (test)");
    assertThat(expiry.isRunning()).isTrue();
  }

  @Test
  void aTrackerWithoutExpiryStopsTheSchedulerWithOneWarning() {
    FaultyTracker legacy = new FaultyTracker(tracker);
    legacy.mode = FaultyTracker.Mode.UNSUPPORTED;
    expiry = HoldExpiry.start(legacy, FAST, 100, log);

    await(() -> !expiry.isRunning());
    assertThat(legacy.expireCalls.get()).isEqualTo(1);
    assertThat(log.warnings).hasSize(1);
    assertThat(log.warnings.get(0))
        .contains("does not support expireHolds")
        .contains("balance.holds.expiry.enabled=false");
  }

  @Test
  void closeWaitsForTheRunInFlightAndNoRunStartsAfterIt() throws InterruptedException {
    FaultyTracker gated = new FaultyTracker(tracker);
    gated.entered = new CountDownLatch(1);
    gated.release = new CountDownLatch(1);
    expiry = HoldExpiry.start(gated, FAST, 100, log);
    assertThat(gated.entered.await(10, TimeUnit.SECONDS)).isTrue();

    Thread closer = new Thread(expiry::close, "closer");
    closer.start();
    closer.join(200);
    assertThat(closer.isAlive()).as("close returned while a run was in flight").isTrue();
    assertThat(expiry.isRunning()).isTrue();

    gated.release.countDown();
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(expiry.isRunning()).isFalse();
    assertThat(expiry.runs()).isEqualTo(1);
    assertThat(gated.expireCalls.get()).isEqualTo(1);
    expiry.close(); // idempotent
    assertThat(log.warnings).isEmpty();
  }

  @Test
  void runsOnOneNamedDaemonThread() {
    expiry = HoldExpiry.start(tracker, FAST, 10, log);
    awaitRuns(1);

    List<Thread> threads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith(HoldExpiry.THREAD_NAME_PREFIX))
            .filter(Thread::isAlive)
            .toList();
    assertThat(threads).hasSize(1);
    assertThat(threads.get(0).isDaemon()).isTrue();
    assertThat(expiry.interval()).isEqualTo(FAST);
    assertThat(expiry.batchSize()).isEqualTo(10);
    assertThat(expiry.toString()).contains("batch 10");
  }

  @Test
  void badArgumentsAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> HoldExpiry.start(null, FAST, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("tracker");
    assertThatThrownBy(() -> HoldExpiry.start(tracker, null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> HoldExpiry.start(tracker, Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval PT0S must be positive, for example PT1S");
    assertThatThrownBy(() -> HoldExpiry.start(tracker, FAST, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size 0 must be between 1 and 100000");
    assertThatThrownBy(() -> HoldExpiry.start(tracker, FAST, 100_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batch size 100001");
  }

  private HoldRef hold(String id, Instant expiresAt) {
    PrepareRequest request = PrepareRequest.of(ALICE, 10).withId(OperationId.of(id));
    if (expiresAt != null) {
      request = request.expiringAt(expiresAt);
    }
    tracker.prepare(request);
    return HoldRef.of(ALICE, OperationId.of(id));
  }

  private HoldState state(HoldRef ref) {
    return tracker.hold(ref).orElseThrow().state();
  }

  private void awaitRuns(long runs) {
    await(() -> expiry.runs() >= runs);
  }

  private static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Records what the scheduler logs. */
  private static final class RecordingLog implements HoldExpiry.Log {
    final List<String> warnings = new CopyOnWriteArrayList<>();
    final List<String> debugs = new CopyOnWriteArrayList<>();
    final List<String> infos = new CopyOnWriteArrayList<>();

    @Override
    public void warn(String message, Throwable error) {
      warnings.add(message);
    }

    @Override
    public void debug(String message, Throwable error) {
      debugs.add(message);
    }

    @Override
    public void info(String message) {
      infos.add(message);
    }
  }
}
