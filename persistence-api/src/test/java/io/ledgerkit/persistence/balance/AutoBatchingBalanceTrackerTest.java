package io.ledgerkit.persistence.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The wrapper's own behaviour. The full contract runs on it in persistence-testkit. The delegate
 * here is a real {@link InMemoryBalanceTracker} behind a thin decorator that counts calls and can
 * add a delay (like a network round trip) or fail like an unreachable store.
 */
@DisplayName("AutoBatchingBalanceTracker")
class AutoBatchingBalanceTrackerTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(16);

  @AfterEach
  void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  @DisplayName("an uncontended call runs at once, as a single call on the delegate")
  void uncontendedCallsRunAlone() {
    Instrumented d = new Instrumented();
    try (AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start()) {
      AccountId a = AccountId.of("alice");
      for (int i = 0; i < 10; i++) {
        t.prepare(a, 1);
        t.fulfill(a, 2, BalanceSettings.NONE);
      }
      t.reject(t.prepare(a, 3));
      assertThat(d.singleCalls.get()).isEqualTo(22);
      assertThat(d.batchSizes).isEmpty();
      assertThat(t.statistics()).isEqualTo(new AutoBatchingBalanceTracker.Statistics(22, 22, 1));
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, 10, 0));
    }
  }

  @Test
  @DisplayName("concurrent calls are coalesced into batches and every caller gets its own result")
  void concurrentCallsAreCoalesced() throws Exception {
    Instrumented d = new Instrumented();
    d.delayMillis = 2;
    try (AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start()) {
      int threads = 16;
      int calls = 25;
      List<Long> totals =
          runThreads(
              threads,
              i ->
                  () -> {
                    AccountId own = AccountId.of("acct-" + i);
                    long sum = 0;
                    for (int n = 1; n <= calls; n++) {
                      long amount = i * 1_000L + n;
                      PrepareResult r = t.prepare(own, amount);
                      assertThat(r.account()).isEqualTo(own);
                      assertThat(r.amount()).isEqualTo(amount);
                      sum += amount;
                      assertThat(r.balance().clearingBalance()).isEqualTo(-sum);
                    }
                    return sum;
                  });
      for (int i = 0; i < threads; i++) {
        AccountId own = AccountId.of("acct-" + i);
        assertThat(t.balance(own).clearingBalance()).isEqualTo(-totals.get(i));
      }
      AutoBatchingBalanceTracker.Statistics s = t.statistics();
      assertThat(s.items()).isEqualTo(threads * calls);
      assertThat(s.largestBatch()).isGreaterThan(1);
      assertThat(s.dispatches()).isLessThan(threads * calls / 2);
      assertThat(d.batchSizes).isNotEmpty().allMatch(n -> n > 1 && n <= 64);
      assertThat(d.maxOverlap.get()).as("batches in flight at once by default").isOne();
    }
  }

  @Test
  @DisplayName("a refused call gets its own exception while the other calls of its batch succeed")
  void refusalsStayWithTheirCaller() throws Exception {
    Instrumented d = new Instrumented();
    d.delayMillis = 2;
    try (AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start()) {
      List<Long> outcomes =
          runThreads(
              16,
              i ->
                  () -> {
                    AccountId own = AccountId.of("acct-" + i);
                    long refused = 0;
                    for (int n = 0; n < 20; n++) {
                      // even threads ask for more than their minimum balance allows
                      long min = i % 2 == 0 ? 0 : -1_000_000;
                      try {
                        PrepareResult r = t.prepare(own, 7, min);
                        assertThat(i % 2).isOne();
                        assertThat(r.account()).isEqualTo(own);
                      } catch (InsufficientBalanceException e) {
                        assertThat(i % 2).isZero();
                        assertThat(e.account()).isEqualTo(own);
                        assertThat(e.amount()).isEqualTo(7);
                        refused++;
                      }
                    }
                    return refused;
                  });
      for (int i = 0; i < 16; i++) {
        assertThat(outcomes.get(i)).isEqualTo(i % 2 == 0 ? 20 : 0);
        AccountId own = AccountId.of("acct-" + i);
        assertThat(t.balance(own).clearingBalance()).isEqualTo(i % 2 == 0 ? 0 : -140);
      }
      assertThat(d.batchSizes).isNotEmpty();
    }
  }

  @Test
  @DisplayName(
      "one account's data error reaches only its own caller; the other callers of the batch get"
          + " their own outcome and every applied prepare is reported as applied")
  void dataErrorOfOneAccountStaysWithItsCaller() throws Exception {
    Instrumented d = new Instrumented();
    d.delayMillis = 2;
    AccountId bad = AccountId.of("acct-0");
    d.badAccount = bad;
    try (AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start()) {
      List<Long> failures =
          runThreads(
              16,
              i ->
                  () -> {
                    long failed = 0;
                    for (int n = 0; n < 20; n++) {
                      try {
                        t.prepare(AccountId.of("acct-" + i), 1);
                        assertThat(i).as("the bad account's prepare succeeded").isNotZero();
                      } catch (IllegalStateException e) {
                        assertThat(i).as("a healthy caller got: %s", e.getMessage()).isZero();
                        failed++;
                      }
                    }
                    return failed;
                  });
      assertThat(failures.get(0)).isEqualTo(20);
      for (int i = 1; i < 16; i++) {
        assertThat(failures.get(i)).isZero();
        assertThat(d.delegate.balance(AccountId.of("acct-" + i)).clearingBalance())
            .as("balance of acct-%s: each of its 20 prepares applied once", i)
            .isEqualTo(-20);
      }
      assertThat(d.delegate.balance(bad).clearingBalance()).isZero();
      assertThat(d.batchSizes).isNotEmpty().anyMatch(n -> n > 1);
    }
  }

  @Test
  @DisplayName(
      "a store failure of a whole batch reaches every caller, saying whether it may have been"
          + " applied")
  void storeFailureSaysWhetherApplied() throws Exception {
    for (boolean inDoubt : new boolean[] {false, true}) {
      Instrumented d = new Instrumented();
      d.delayMillis = 2;
      d.failing = true;
      d.failInDoubt = inDoubt;
      try (AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start()) {
        List<Long> failures =
            runThreads(
                16,
                i ->
                    () -> {
                      long failed = 0;
                      for (int n = 0; n < 10; n++) {
                        try {
                          t.prepare(AccountId.of("acct-" + i), 1);
                        } catch (BalanceStoreUnavailableException e) {
                          assertThat(e.mayHaveBeenApplied()).isEqualTo(inDoubt);
                          failed++;
                        }
                      }
                      return failed;
                    });
        assertThat(failures).containsOnly(10L);
        assertThat(d.batchSizes).isNotEmpty().anyMatch(n -> n > 1);
      }
    }
  }

  @Test
  @DisplayName("a store failure of a whole batch reaches every caller of that batch")
  void storeFailureReachesEveryCaller() throws Exception {
    Instrumented d = new Instrumented();
    d.delayMillis = 2;
    d.failing = true;
    try (AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start()) {
      List<Long> failures =
          runThreads(
              16,
              i ->
                  () -> {
                    long failed = 0;
                    for (int n = 0; n < 10; n++) {
                      try {
                        t.prepare(AccountId.of("acct-" + i), 1);
                      } catch (BalanceStoreUnavailableException e) {
                        assertThat(e).hasMessageContaining("store down");
                        failed++;
                      }
                    }
                    return failed;
                  });
      assertThat(failures).containsOnly(10L);
      assertThat(d.batchSizes).isNotEmpty().anyMatch(n -> n > 1);
    }
  }

  @Test
  @DisplayName("one thread's calls stay in order: each prepare sees the fulfill made just before")
  void perThreadOrder() throws Exception {
    Instrumented d = new Instrumented();
    d.delayMillis = 1;
    try (AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start()) {
      runThreads(
          16,
          i ->
              () -> {
                AccountId shared = AccountId.of("shared-" + (i % 2));
                AccountId own = AccountId.of("own-" + i);
                for (int n = 0; n < 20; n++) {
                  t.fulfill(own, 5, BalanceSettings.NONE);
                  t.prepare(own, 5, 0); // refused if it overtook the fulfill
                  t.prepare(shared, 1);
                }
                return 0L;
              });
      assertThat(t.balance(AccountId.of("shared-0")).clearingBalance()).isEqualTo(-160);
      assertThat(t.balance(AccountId.of("shared-1")).clearingBalance()).isEqualTo(-160);
    }
  }

  @Test
  @DisplayName("batches never exceed maxBatchSize")
  void boundedBatches() throws Exception {
    Instrumented d = new Instrumented();
    d.delayMillis = 2;
    try (AutoBatchingBalanceTracker t =
        AutoBatchingBalanceTracker.configure(d).maxBatchSize(4).maxWait(Duration.ZERO).start()) {
      runThreads(
          16,
          i ->
              () -> {
                for (int n = 0; n < 10; n++) {
                  t.fulfill(AccountId.of("acct-" + i), 1, BalanceSettings.NONE);
                }
                return 0L;
              });
      assertThat(t.statistics().largestBatch()).isEqualTo(4);
      assertThat(d.batchSizes).isNotEmpty().allMatch(n -> n <= 4);
      assertThat(t.statistics().items()).isEqualTo(160);
    }
  }

  @Test
  @DisplayName(
      "with maxConcurrentBatches above 1, batches of one kind overlap and results stay" + " exact")
  void concurrentBatches() throws Exception {
    Instrumented d = new Instrumented();
    d.delayMillis = 3;
    try (AutoBatchingBalanceTracker t =
        AutoBatchingBalanceTracker.configure(d).maxConcurrentBatches(3).start()) {
      runThreads(
          16,
          i ->
              () -> {
                for (int n = 0; n < 10; n++) {
                  t.prepare(AccountId.of("shared"), 1);
                }
                return 0L;
              });
      assertThat(t.balance(AccountId.of("shared")).clearingBalance()).isEqualTo(-160);
      assertThat(d.maxOverlap.get()).isBetween(2, 3);
    }
  }

  @Test
  @DisplayName("batch forms and all other calls pass straight through to the delegate")
  void passThrough() {
    Instrumented d = new Instrumented();
    try (AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start()) {
      AccountId a = AccountId.of("alice");
      List<Outcome<PrepareResult>> r =
          t.prepareAll(List.of(PrepareRequest.of(a, 1), PrepareRequest.of(a, 2)));
      assertThat(r).hasSize(2);
      assertThat(d.batchSizes).containsExactly(2);
      assertThat(t.statistics().dispatches()).isZero();
      IncomingSettlementResult in = t.incomingSettlement("k1", a, 10);
      assertThat(in.toClearing()).isEqualTo(3);
      PendingSettlement s = t.fulfill(a, 20, BalanceSettings.settleAt(20, 0)).settlement();
      assertThat(t.pendingSettlements(a)).containsExactly(s);
      assertThat(t.pendingSettlements()).containsExactly(s);
      assertThat(t.settlementFailed(s.id()).status()).isEqualTo(SettlementOutcome.Status.FAILED);
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, 20, 7));
      assertThat(t.delegate()).isSameAs(d);
    }
  }

  @Test
  @DisplayName(
      "close lets queued calls finish, closes the delegate and refuses later calls with"
          + " IllegalStateException")
  void close() throws Exception {
    Instrumented d = new Instrumented();
    d.delayMillis = 20;
    AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start();
    CountDownLatch started = new CountDownLatch(8);
    List<Future<PrepareResult>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      AccountId own = AccountId.of("acct-" + i);
      calls.add(
          pool.submit(
              () -> {
                started.countDown();
                return t.prepare(own, 1);
              }));
    }
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (d.singleCalls.get() == 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // wait until a call is in flight on the delegate
    }
    Thread.sleep(5); // let the other calls queue behind it
    t.close();
    int applied = 0;
    for (Future<PrepareResult> f : calls) {
      try {
        assertThat(f.get(10, TimeUnit.SECONDS).balance().clearingBalance()).isEqualTo(-1);
        applied++;
      } catch (ExecutionException e) {
        // a call that reached the wrapper only after close is refused, never half-done
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
      }
    }
    assertThat(applied).isPositive();
    long total = 0;
    for (int i = 0; i < 8; i++) {
      total += d.delegate.balance(AccountId.of("acct-" + i)).clearingBalance();
    }
    assertThat(total).isEqualTo(-applied);
    assertThat(d.closed).isTrue();
    AccountId a = AccountId.of("alice");
    assertThatThrownBy(() -> t.prepare(a, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.fulfill(a, 1, BalanceSettings.NONE))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.balance(a)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.prepareAll(List.of())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.incomingSettlement("k", a, 1))
        .isInstanceOf(IllegalStateException.class);
    t.close(); // idempotent
  }

  @Test
  @DisplayName(
      "concurrent repeats of one identified prepare, fulfill or reject coalesced into one batch"
          + " apply once: one caller gets the result, the others the replay")
  void identifiedRepeatsInOneBatch() throws Exception {
    Instrumented d = new Instrumented();
    d.delayMillis = 30; // the first call holds the lane: the repeats queue into one batch
    try (AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start()) {
      AccountId a = AccountId.of("alice");
      int callers = 12;
      PrepareRequest req = new PrepareRequest(a, 10, null, OperationId.of("packet-1"), null);
      List<PrepareResult> prepared = sameCallConcurrently(callers, () -> t.prepare(req));
      assertOneAppliedRestReplayed(prepared, PrepareResult::replayed, PrepareResult::asReplay);
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, -10, 0));
      assertThat(d.batchSizes).as("a batch carried repeats").anyMatch(n -> n > 1);

      FulfillRequest ful =
          new FulfillRequest(a, 4, BalanceSettings.NONE, OperationId.of("packet-2"));
      d.batchSizes.clear();
      List<FulfillResult> fulfilled = sameCallConcurrently(callers, () -> t.fulfill(ful));
      assertOneAppliedRestReplayed(fulfilled, FulfillResult::replayed, FulfillResult::asReplay);
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, -6, 0));
      assertThat(d.batchSizes).as("a batch carried repeats").anyMatch(n -> n > 1);

      // reject(PrepareResult) of the identified prepare, repeated: refunded once
      d.batchSizes.clear();
      PrepareResult p = prepared.get(0);
      List<AccountBalance> rejected = sameCallConcurrently(callers, () -> t.reject(p));
      assertThat(rejected).containsOnly(new AccountBalance(a, 4, 0));
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, 4, 0));
      assertThat(d.batchSizes).as("a batch carried repeats").anyMatch(n -> n > 1);
      assertThat(d.delegate.hold(p.hold().orElseThrow()).orElseThrow().state())
          .isEqualTo(HoldState.REJECTED);
    }
  }

  @Test
  @DisplayName(
      "concurrent commits and rejects of holds are coalesced into commitHolds and rejectHolds"
          + " batches; every caller gets its own result, and a repeat gets the replay")
  void holdResolutionsAreCoalesced() throws Exception {
    Instrumented d = new Instrumented();
    d.delayMillis = 2;
    try (AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start()) {
      int threads = 16;
      int calls = 20;
      runThreads(
          threads,
          i ->
              () -> {
                AccountId own = AccountId.of("acct-" + i);
                for (int n = 0; n < calls; n++) {
                  HoldRef ref = HoldRef.of(own, OperationId.of("p-" + n));
                  t.prepare(PrepareRequest.of(own, 10).withId(ref.id()));
                  boolean commit = (i + n) % 2 == 0;
                  HoldResult r = commit ? t.commit(ref) : t.reject(ref);
                  assertThat(r.hold().ref()).isEqualTo(ref);
                  assertThat(r.replayed()).isFalse();
                  assertThat(r.hold().state())
                      .isEqualTo(commit ? HoldState.COMMITTED : HoldState.REJECTED);
                  HoldResult again = commit ? t.commit(ref) : t.reject(ref);
                  assertThat(again).isEqualTo(r.asReplay());
                }
                return 0L;
              });
      for (int i = 0; i < threads; i++) {
        AccountId own = AccountId.of("acct-" + i);
        assertThat(t.balance(own).clearingBalance())
            .as("acct-%s: 10 of its 20 holds committed, each once", i)
            .isEqualTo(-100);
        assertThat(t.holds(own)).isEmpty();
      }
      assertThat(d.commitBatchSizes).as("commitHolds batches").anyMatch(n -> n > 1);
      assertThat(d.rejectHoldBatchSizes).as("rejectHolds batches").anyMatch(n -> n > 1);
      assertThat(d.commitBatchSizes).allMatch(n -> n <= 64);
    }
  }

  @Test
  @DisplayName(
      "in a batch of commits, an unknown hold, a conflict and a data error of one account reach"
          + " only their own caller; every other hold of the batch is committed exactly once")
  void holdResolutionErrorsStayWithTheirCaller() throws Exception {
    Instrumented d = new Instrumented();
    d.delayMillis = 2;
    AccountId bad = AccountId.of("acct-0");
    try (AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start()) {
      int threads = 16;
      for (int i = 0; i < threads; i++) {
        AccountId own = AccountId.of("acct-" + i);
        for (int n = 0; n < 20; n++) {
          t.prepare(PrepareRequest.of(own, 1).withId(OperationId.of("p-" + n)));
        }
      }
      t.reject(HoldRef.of(AccountId.of("acct-2"), OperationId.of("p-0"))); // commit: conflict
      d.badAccount = bad;
      List<Long> failures =
          runThreads(
              threads,
              i ->
                  () -> {
                    AccountId own = AccountId.of("acct-" + i);
                    long failed = 0;
                    for (int n = 0; n < 20; n++) {
                      HoldRef ref =
                          HoldRef.of(own, OperationId.of(i == 1 ? "nope-" + n : "p-" + n));
                      try {
                        assertThat(t.commit(ref).hold().state()).isEqualTo(HoldState.COMMITTED);
                        assertThat(i).as("acct-%s committed", i).isGreaterThan(1);
                        assertThat(i == 2 && n == 0).as("the rejected hold committed").isFalse();
                      } catch (IllegalStateException e) {
                        assertThat(i).as("a healthy caller got: %s", e.getMessage()).isZero();
                        failed++;
                      } catch (UnknownHoldException e) {
                        assertThat(i).isOne();
                        failed++;
                      } catch (OperationConflictException e) {
                        assertThat(i).isEqualTo(2);
                        assertThat(n).isZero();
                        failed++;
                      }
                    }
                    return failed;
                  });
      assertThat(failures.get(0)).isEqualTo(20);
      assertThat(failures.get(1)).isEqualTo(20);
      assertThat(failures.get(2)).isEqualTo(1);
      assertThat(d.delegate.holds(bad)).as("nothing of the bad account committed").hasSize(20);
      for (int i = 2; i < threads; i++) {
        AccountId own = AccountId.of("acct-" + i);
        assertThat(d.delegate.holds(own)).isEmpty();
        long commits =
            d.delegate.journal(own, 1, 1_000).stream()
                .filter(e -> e.kind() == JournalKind.COMMIT)
                .count();
        assertThat(commits).as("acct-%s: each hold committed once", i).isEqualTo(i == 2 ? 19 : 20);
      }
      assertThat(d.commitBatchSizes).anyMatch(n -> n > 1);
    }
  }

  private <T> List<T> sameCallConcurrently(int callers, Callable<T> call) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      futures.add(
          pool.submit(
              () -> {
                go.await();
                return call.call();
              }));
    }
    go.countDown();
    List<T> out = new ArrayList<>();
    for (Future<T> f : futures) {
      out.add(f.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  private static <T> void assertOneAppliedRestReplayed(
      List<T> results,
      java.util.function.Predicate<T> replayed,
      java.util.function.UnaryOperator<T> asReplay) {
    List<T> applied = results.stream().filter(replayed.negate()).toList();
    assertThat(applied).as("callers whose call applied").hasSize(1);
    assertThat(results)
        .as("every other caller's replay")
        .containsOnly(applied.get(0), asReplay.apply(applied.get(0)));
  }

  @Test
  @DisplayName("the builder validates its settings and has the documented defaults")
  void builder() {
    InMemoryBalanceTracker d = InMemoryBalanceTracker.configure().start();
    AutoBatchingBalanceTracker t = AutoBatchingBalanceTracker.configure(d).start();
    assertThat(t.maxBatchSize()).isEqualTo(64);
    assertThat(t.maxWait()).isEqualTo(Duration.ofNanos(200_000));
    assertThat(t.maxConcurrentBatches()).isEqualTo(1);
    assertThatThrownBy(() -> AutoBatchingBalanceTracker.configure(d).maxConcurrentBatches(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentBatches 0");
    assertThatThrownBy(() -> AutoBatchingBalanceTracker.configure(d).maxBatchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatchSize 0");
    assertThatThrownBy(() -> AutoBatchingBalanceTracker.configure(d).maxWait(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxWait");
    assertThatThrownBy(() -> AutoBatchingBalanceTracker.configure(d).maxWait(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(t.settings()).isEqualTo(AutoBatchSettings.DEFAULTS);
    AutoBatchSettings four = AutoBatchSettings.DEFAULTS.withMaxConcurrentBatches(4);
    try (AutoBatchingBalanceTracker s =
        AutoBatchingBalanceTracker.configure(InMemoryBalanceTracker.configure().start())
            .settings(four)
            .maxBatchSize(8)
            .start()) {
      assertThat(s.maxConcurrentBatches()).isEqualTo(4);
      assertThat(s.maxBatchSize()).as("a later setter overrides one value").isEqualTo(8);
      assertThat(s.maxQueueTime()).isEqualTo(AutoBatchingBalanceTracker.DEFAULT_MAX_QUEUE_TIME);
    }
    assertThatThrownBy(() -> AutoBatchSettings.DEFAULTS.withMaxConcurrentBatches(65))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentBatches 65");
    assertThatThrownBy(() -> AutoBatchSettings.DEFAULTS.withMaxQueueTime(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxQueueTime PT0S");
    assertThatThrownBy(() -> AutoBatchingBalanceTracker.configure(d).settings(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AutoBatchSettings.DEFAULTS");
    assertThatThrownBy(() -> AutoBatchingBalanceTracker.configure(null).start())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AutoBatchingBalanceTracker.configure(t).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already auto-batching");
    t.close();
  }

  private List<Long> runThreads(int threads, IntFunction<Callable<Long>> body) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Long>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      Callable<Long> c = body.apply(i);
      futures.add(
          pool.submit(
              () -> {
                go.await();
                return c.call();
              }));
    }
    go.countDown();
    List<Long> results = new ArrayList<>();
    for (Future<Long> f : futures) {
      results.add(f.get(60, TimeUnit.SECONDS));
    }
    return results;
  }

  /** A real in-memory tracker that counts calls and can be slow or fail like a remote store. */
  private static final class Instrumented implements BalanceTracker {
    final InMemoryBalanceTracker delegate = InMemoryBalanceTracker.configure().start();
    final AtomicInteger singleCalls = new AtomicInteger();
    final ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Integer> commitBatchSizes = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Integer> rejectHoldBatchSizes = new ConcurrentLinkedQueue<>();
    volatile long delayMillis;
    volatile boolean failing;
    volatile boolean failInDoubt;
    volatile AccountId badAccount;
    volatile boolean closed;
    final AtomicInteger overlap = new AtomicInteger();
    final AtomicInteger maxOverlap = new AtomicInteger();

    private void roundTrip() {
      int now = overlap.incrementAndGet();
      maxOverlap.accumulateAndGet(now, Math::max);
      try {
        sleepOrFail();
      } finally {
        overlap.decrementAndGet();
      }
    }

    private void sleepOrFail() {
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (failing) {
        throw failInDoubt
            ? BalanceStoreUnavailableException.inDoubt("store down", null)
            : BalanceStoreUnavailableException.notApplied("store down", null);
      }
    }

    private void single() {
      singleCalls.incrementAndGet();
      roundTrip();
    }

    private void batch(int size) {
      batchSizes.add(size);
      roundTrip();
    }

    @Override
    public AccountBalance balance(AccountId account) {
      return delegate.balance(account);
    }

    @Override
    public PrepareResult prepare(PrepareRequest request) {
      single();
      if (request.account().equals(badAccount)) {
        throw new IllegalStateException("malformed stored balance of " + badAccount);
      }
      return delegate.prepare(request);
    }

    @Override
    public AccountBalance reject(PrepareResult prepare) {
      single();
      return delegate.reject(prepare);
    }

    @Override
    public FulfillResult fulfill(FulfillRequest request) {
      single();
      return delegate.fulfill(request);
    }

    @Override
    public SettlementOutcome settlementSucceeded(SettlementId id) {
      return delegate.settlementSucceeded(id);
    }

    @Override
    public SettlementOutcome settlementFailed(SettlementId id) {
      return delegate.settlementFailed(id);
    }

    @Override
    public List<PendingSettlement> pendingSettlements(AccountId account) {
      return delegate.pendingSettlements(account);
    }

    @Override
    public List<PendingSettlement> pendingSettlements() {
      return delegate.pendingSettlements();
    }

    @Override
    public SettlementPage pendingSettlements(String cursor, int limit) {
      return delegate.pendingSettlements(cursor, limit);
    }

    @Override
    public IncomingSettlementResult incomingSettlement(
        String idempotencyKey, AccountId account, long amount) {
      return delegate.incomingSettlement(idempotencyKey, account, amount);
    }

    @Override
    public List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests) {
      batch(requests.size());
      for (PrepareRequest r : requests) {
        if (r.account().equals(badAccount)) {
          // a store that fails a whole batch for one item's data, having applied nothing
          throw new IllegalStateException("malformed stored balance of " + badAccount);
        }
      }
      return delegate.prepareAll(requests);
    }

    @Override
    public List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests) {
      batch(requests.size());
      return delegate.fulfillAll(requests);
    }

    @Override
    public List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares) {
      batch(prepares.size());
      return delegate.rejectAll(prepares);
    }

    @Override
    public HoldResult commit(HoldRef hold) {
      single();
      if (hold.account().equals(badAccount)) {
        throw new IllegalStateException("malformed stored hold of " + badAccount);
      }
      return delegate.commit(hold);
    }

    @Override
    public HoldResult reject(HoldRef hold) {
      single();
      return delegate.reject(hold);
    }

    @Override
    public List<Outcome<HoldResult>> commitHolds(List<HoldRef> holds) {
      commitBatchSizes.add(holds.size());
      roundTrip();
      for (HoldRef h : holds) {
        if (h.account().equals(badAccount)) {
          // a store that fails a whole batch for one item's data, having applied nothing
          throw new IllegalStateException("malformed stored hold of " + badAccount);
        }
      }
      return delegate.commitHolds(holds);
    }

    @Override
    public List<Outcome<HoldResult>> rejectHolds(List<HoldRef> holds) {
      rejectHoldBatchSizes.add(holds.size());
      roundTrip();
      return delegate.rejectHolds(holds);
    }

    @Override
    public Optional<Hold> hold(HoldRef hold) {
      return delegate.hold(hold);
    }

    @Override
    public List<Hold> holds(AccountId account) {
      return delegate.holds(account);
    }

    @Override
    public void close() {
      closed = true; // the in-memory tracker stays readable so tests can check what was applied
    }
  }
}
