package io.ledgerkit.persistence.testkit.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceException;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.UnknownSettlementException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The balance tracker compatibility kit: every {@link BalanceTracker} implementation must pass it.
 * Extend it with one factory method:
 *
 * <pre>{@code
 * class RedisBalanceTrackerContractTest extends BalanceTrackerContract {
 *   @Override
 *   protected BalanceTracker createTracker() {
 *     return RedisBalanceTracker.configure().url("redis://127.0.0.1:6379").start();
 *   }
 * }
 * }</pre>
 *
 * <p>It covers every row of the balance table of the design (prepare, reject, fulfill, settlement
 * closes, incoming settlements), the errors, exactness over the whole signed 64-bit range, the
 * batch forms and a concurrency run; the exactly-once cases (operation ids, holds, expiry, the
 * journal) come from {@link ExactlyOnceContract}, which this class extends, so a subclass runs
 * both. Each test uses fresh random account ids and idempotency keys, so a tracker on a shared,
 * long-lived store is fine. The contract closes every tracker it creates.
 */
public abstract class BalanceTrackerContract extends ExactlyOnceContract {

  private static final long MAX = Long.MAX_VALUE;
  private static final long MIN = Long.MIN_VALUE;
  private static final long TWO_53_PLUS_1 = (1L << 53) + 1;

  /** Creates the contract. */
  protected BalanceTrackerContract() {}

  // ---------------------------------------------------------------- untouched accounts

  @Test
  @DisplayName("an account that was never touched has zero balances and no pending settlements")
  void untouchedAccountIsZero() {
    AccountId a = account("untouched");
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 0, 0));
    assertThat(tracker.balance(a).netBalance()).isZero();
    assertThat(tracker.pendingSettlements(a)).isEmpty();
    assertThat(tracker.pendingSettlements()).noneMatch(s -> s.account().equals(a));
  }

  // ---------------------------------------------------------------- prepare

  @Test
  @DisplayName("prepare without a minimum balance takes from clearing and may go negative")
  void prepareWithoutMinBalance() {
    AccountId a = account("alice");
    PrepareResult r = tracker.prepare(a, 100);
    assertThat(r.account()).isEqualTo(a);
    assertThat(r.amount()).isEqualTo(100);
    assertThat(r.fromPrepaid()).isZero();
    assertThat(r.fromClearing()).isEqualTo(100);
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, -100, 0));
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, -100, 0));
  }

  @Test
  @DisplayName("prepare that leaves exactly the minimum balance is accepted")
  void prepareReachingMinBalanceExactly() {
    AccountId a = account("alice");
    tracker.fulfill(a, 100, BalanceSettings.NONE);
    PrepareResult r = tracker.prepare(a, 150, -50);
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, -50, 0));
    assertThat(tracker.balance(a).netBalance()).isEqualTo(-50);
  }

  @Test
  @DisplayName(
      "prepare one unit short of the minimum balance is refused with"
          + " InsufficientBalanceException carrying account, amount and available, and changes"
          + " nothing")
  void prepareOneUnitShort() {
    AccountId a = account("alice");
    tracker.incomingSettlement(key("seed"), a, 40);
    tracker.fulfill(a, 60, BalanceSettings.NONE);
    AccountBalance before = tracker.balance(a);
    assertThat(before).isEqualTo(new AccountBalance(a, 60, 40));

    InsufficientBalanceException e =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker.prepare(a, 151, -50), a);
    assertThat(e.account()).isEqualTo(a);
    assertThat(e.amount()).isEqualTo(151);
    assertThat(e.netBalance()).isEqualTo(100);
    assertThat(e.minBalance()).isEqualTo(-50);
    assertThat(e.available()).isEqualTo(BigInteger.valueOf(150));
    assertThat(e.getMessage()).contains(a.value()).contains("151");

    // the same prepare one unit smaller is accepted
    assertThat(tracker.prepare(a, 150, -50).balance().netBalance()).isEqualTo(-50);
  }

  @Test
  @DisplayName("prepare with a minimum balance above the net balance refuses even zero")
  void prepareZeroBelowMinimum() {
    AccountId a = account("alice");
    tracker.prepare(a, 10);
    InsufficientBalanceException e =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker.prepare(a, 0, 0), a);
    assertThat(e.available()).isEqualTo(BigInteger.valueOf(-10));
    PrepareResult zero = tracker.prepare(a, 0, -10);
    assertThat(zero.fromClearing()).isZero();
    assertThat(zero.fromPrepaid()).isZero();
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, -10, 0));
  }

  @Test
  @DisplayName("prepare takes from prepaid before clearing")
  void prepareUsesPrepaidFirst() {
    AccountId a = account("alice");
    tracker.incomingSettlement(key("seed"), a, 30);
    tracker.fulfill(a, 5, BalanceSettings.NONE);

    PrepareResult small = tracker.prepare(a, 10, 0);
    assertThat(small.fromPrepaid()).isEqualTo(10);
    assertThat(small.fromClearing()).isZero();
    assertThat(small.balance()).isEqualTo(new AccountBalance(a, 5, 20));

    PrepareResult large = tracker.prepare(a, 50);
    assertThat(large.fromPrepaid()).isEqualTo(20);
    assertThat(large.fromClearing()).isEqualTo(30);
    assertThat(large.balance()).isEqualTo(new AccountBalance(a, -25, 0));
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, -25, 0));
  }

  // ---------------------------------------------------------------- reject

  @Test
  @DisplayName("reject gives back exactly what the prepare took from prepaid and from clearing")
  void rejectRestoresExactly() {
    AccountId a = account("alice");
    tracker.incomingSettlement(key("seed"), a, 30);
    tracker.fulfill(a, 7, BalanceSettings.NONE);
    AccountBalance before = tracker.balance(a);

    PrepareResult p = tracker.prepare(a, 50);
    assertThat(p.fromPrepaid()).isEqualTo(30);
    assertThat(p.fromClearing()).isEqualTo(20);
    AccountBalance after = tracker.reject(p);
    assertThat(after).isEqualTo(before).isEqualTo(new AccountBalance(a, 7, 30));
    assertThat(tracker.balance(a)).isEqualTo(before);
  }

  @Test
  @DisplayName("reject gives back its own parts even after other operations changed the balance")
  void rejectAfterOtherChanges() {
    AccountId a = account("alice");
    tracker.incomingSettlement(key("seed"), a, 30);
    PrepareResult first = tracker.prepare(a, 40); // 30 from prepaid, 10 from clearing
    tracker.incomingSettlement(key("more"), a, 25); // 10 pays down clearing, 15 to prepaid
    PrepareResult second = tracker.prepare(a, 5); // 5 from prepaid
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 0, 10));

    assertThat(tracker.reject(first)).isEqualTo(new AccountBalance(a, 10, 40));
    assertThat(tracker.reject(second)).isEqualTo(new AccountBalance(a, 10, 45));
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 10, 45));
  }

  // ---------------------------------------------------------------- fulfill

  @Test
  @DisplayName("fulfill below the settlement threshold only adds to clearing")
  void fulfillBelowThreshold() {
    AccountId a = account("alice");
    FulfillResult r = tracker.fulfill(a, 99, BalanceSettings.settleAt(100, 10));
    assertThat(r.settlement()).isNull();
    assertThat(r.pendingSettlement()).isEmpty();
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, 99, 0));
    assertThat(tracker.pendingSettlements(a)).isEmpty();
  }

  @Test
  @DisplayName(
      "fulfill reaching exactly the threshold moves clearing - settleTo into a pending"
          + " settlement")
  void fulfillAtThreshold() {
    AccountId a = account("alice");
    tracker.fulfill(a, 60, BalanceSettings.NONE);
    FulfillResult r = tracker.fulfill(a, 40, BalanceSettings.settleAt(100, 10));
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, 10, 0));
    PendingSettlement s = r.pendingSettlement().orElseThrow();
    assertThat(s.account()).isEqualTo(a);
    assertThat(s.id().account()).isEqualTo(a);
    assertThat(s.amount()).isEqualTo(90);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 10, 0));
    assertThat(tracker.pendingSettlements(a)).containsExactly(s);
  }

  @Test
  @DisplayName("fulfill above the threshold settles down to settleTo and keeps prepaid")
  void fulfillAboveThreshold() {
    AccountId a = account("alice");
    tracker.incomingSettlement(key("seed"), a, 3);
    FulfillResult r = tracker.fulfill(a, 250, BalanceSettings.settleAt(100, -20));
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, -20, 3));
    assertThat(r.settlement().amount()).isEqualTo(270);
    assertThat(tracker.pendingSettlements(a)).containsExactly(r.settlement());
  }

  @Test
  @DisplayName(
      "fulfill without a threshold never settles; a threshold equal to the resulting"
          + " clearing settles nothing when clearing equals settleTo")
  void fulfillWithoutSettlement() {
    AccountId a = account("alice");
    assertThat(tracker.fulfill(a, 1_000, BalanceSettings.NONE).settlement()).isNull();
    assertThat(tracker.fulfill(a, 1_000, BalanceSettings.minBalance(-5)).settlement()).isNull();
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 2_000, 0));

    AccountId b = account("bob");
    FulfillResult r = tracker.fulfill(b, 50, BalanceSettings.settleAt(50, 50));
    assertThat(r.settlement()).isNull();
    assertThat(r.balance()).isEqualTo(new AccountBalance(b, 50, 0));
    assertThat(tracker.pendingSettlements(b)).isEmpty();
  }

  @Test
  @DisplayName("pending settlements are listed per account and in the all-accounts list")
  void pendingSettlementsListed() {
    AccountId a = account("alice");
    AccountId b = account("bob");
    BalanceSettings settle = BalanceSettings.settleAt(10, 0);
    PendingSettlement a1 = tracker.fulfill(a, 11, settle).settlement();
    PendingSettlement b1 = tracker.fulfill(b, 12, settle).settlement();
    PendingSettlement a2 = tracker.fulfill(a, 13, settle).settlement();
    assertThat(List.of(a1.id(), a2.id(), b1.id())).doesNotHaveDuplicates();

    assertThat(tracker.pendingSettlements(a)).containsExactlyInAnyOrder(a1, a2);
    assertThat(tracker.pendingSettlements(b)).containsExactly(b1);
    assertThat(tracker.pendingSettlements()).contains(a1, a2, b1);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 0, 0));
  }

  // ---------------------------------------------------------------- settlement closes

  @Test
  @DisplayName(
      "settlementSucceeded removes the pending settlement; a repeat returns an equal" + " outcome")
  void settlementSucceeded() {
    AccountId a = account("alice");
    PendingSettlement s = tracker.fulfill(a, 120, BalanceSettings.settleAt(100, 20)).settlement();
    SettlementOutcome o = tracker.settlementSucceeded(s.id());
    assertThat(o).isEqualTo(new SettlementOutcome(s, SettlementOutcome.Status.SUCCEEDED));
    assertThat(tracker.pendingSettlements(a)).isEmpty();
    assertThat(tracker.pendingSettlements()).doesNotContain(s);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 20, 0));

    assertThat(tracker.settlementSucceeded(s.id())).isEqualTo(o);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 20, 0));
  }

  @Test
  @DisplayName(
      "settlementFailed puts the amount back on clearing once; a repeat returns an equal"
          + " outcome and credits nothing")
  void settlementFailed() {
    AccountId a = account("alice");
    PendingSettlement s = tracker.fulfill(a, 120, BalanceSettings.settleAt(100, 20)).settlement();
    assertThat(s.amount()).isEqualTo(100);
    tracker.prepare(a, 5);

    SettlementOutcome o = tracker.settlementFailed(s.id());
    assertThat(o).isEqualTo(new SettlementOutcome(s, SettlementOutcome.Status.FAILED));
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 115, 0));
    assertThat(tracker.pendingSettlements(a)).isEmpty();

    assertThat(tracker.settlementFailed(s.id())).isEqualTo(o);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 115, 0));
  }

  @Test
  @DisplayName(
      "closing a settlement the opposite way is a SettlementConflictException and changes"
          + " nothing")
  void oppositeCloseConflicts() {
    AccountId a = account("alice");
    BalanceSettings settle = BalanceSettings.settleAt(10, 0);
    PendingSettlement won = tracker.fulfill(a, 30, settle).settlement();
    PendingSettlement lost = tracker.fulfill(a, 40, settle).settlement();
    tracker.settlementSucceeded(won.id());
    tracker.settlementFailed(lost.id());
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 40, 0));

    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker.settlementFailed(won.id()), a);
    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker.settlementSucceeded(lost.id()), a);
    // the recorded outcomes still answer the same
    assertThat(tracker.settlementSucceeded(won.id()).status())
        .isEqualTo(SettlementOutcome.Status.SUCCEEDED);
    assertThat(tracker.settlementFailed(lost.id()).status())
        .isEqualTo(SettlementOutcome.Status.FAILED);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 40, 0));
  }

  @Test
  @DisplayName(
      "an unknown settlement id is refused with UnknownSettlementException and changes"
          + " nothing")
  void unknownSettlement() {
    AccountId a = account("alice");
    PendingSettlement real = tracker.fulfill(a, 30, BalanceSettings.settleAt(10, 0)).settlement();
    SettlementId unknown = SettlementId.random(a);
    UnknownSettlementException e =
        assertRefusedWithoutChange(
            UnknownSettlementException.class, () -> tracker.settlementSucceeded(unknown), a);
    assertThat(e.id()).isEqualTo(unknown);
    assertRefusedWithoutChange(
        UnknownSettlementException.class, () -> tracker.settlementFailed(unknown), a);
    SettlementId untouched = SettlementId.random(account("nobody"));
    assertThatThrownBy(() -> tracker.settlementFailed(untouched))
        .isInstanceOf(UnknownSettlementException.class);
    assertThat(tracker.pendingSettlements(a)).containsExactly(real);
  }

  // ---------------------------------------------------------------- incoming settlements

  @Test
  @DisplayName("incoming settlement pays down a negative clearing first, then adds to prepaid")
  void incomingPaysDownClearingThenPrepaid() {
    AccountId a = account("alice");
    tracker.prepare(a, 70);
    String k = key("pay");
    IncomingSettlementResult r = tracker.incomingSettlement(k, a, 100);
    assertThat(r.idempotencyKey()).isEqualTo(k);
    assertThat(r.account()).isEqualTo(a);
    assertThat(r.amount()).isEqualTo(100);
    assertThat(r.toClearing()).isEqualTo(70);
    assertThat(r.toPrepaid()).isEqualTo(30);
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, 0, 30));
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 0, 30));
  }

  @Test
  @DisplayName(
      "incoming settlement smaller than the debt only pays down clearing; on a"
          + " non-negative clearing it all goes to prepaid")
  void incomingPartialAndPositive() {
    AccountId a = account("alice");
    tracker.prepare(a, 70);
    IncomingSettlementResult partial = tracker.incomingSettlement(key("partial"), a, 50);
    assertThat(partial.toClearing()).isEqualTo(50);
    assertThat(partial.toPrepaid()).isZero();
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, -20, 0));

    AccountId b = account("bob");
    tracker.fulfill(b, 5, BalanceSettings.NONE);
    IncomingSettlementResult positive = tracker.incomingSettlement(key("positive"), b, 50);
    assertThat(positive.toClearing()).isZero();
    assertThat(positive.toPrepaid()).isEqualTo(50);
    assertThat(tracker.balance(b)).isEqualTo(new AccountBalance(b, 5, 50));
  }

  @Test
  @DisplayName(
      "the same idempotency key twice has one effect and returns an equal result, even"
          + " after the balance changed")
  void incomingIdempotent() {
    AccountId a = account("alice");
    tracker.prepare(a, 10);
    String k = key("once");
    IncomingSettlementResult first = tracker.incomingSettlement(k, a, 25);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 0, 15));
    tracker.fulfill(a, 3, BalanceSettings.NONE);

    IncomingSettlementResult again = tracker.incomingSettlement(k, a, 25);
    assertThat(again).isEqualTo(first);
    assertThat(again.balance()).isEqualTo(new AccountBalance(a, 0, 15));
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 3, 15));
  }

  @Test
  @DisplayName(
      "the same idempotency key with another amount or account is a"
          + " SettlementConflictException and changes nothing")
  void incomingConflicts() {
    AccountId a = account("alice");
    AccountId b = account("bob");
    String k = key("conflict");
    IncomingSettlementResult first = tracker.incomingSettlement(k, a, 25);
    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker.incomingSettlement(k, a, 26), a, b);
    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker.incomingSettlement(k, b, 25), a, b);
    assertThat(tracker.balance(b)).isEqualTo(AccountBalance.zero(b));
    assertThat(tracker.incomingSettlement(k, a, 25)).isEqualTo(first);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 0, 25));
  }

  @Test
  @DisplayName(
      "one idempotency key used by 16 threads at once is applied once: the same request gets the"
          + " first result, a different one a conflict")
  void incomingIdempotentUnderConcurrency() throws Exception {
    AccountId a = account("alice");
    AccountId b = account("bob");
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 5; round++) {
        String k = key("race" + round);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> calls = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          // a quarter of the callers reuse the key with another amount or another account
          AccountId target = t % 8 == 3 ? b : a;
          long amount = t % 8 == 5 ? 11 : 10;
          calls.add(
              pool.submit(
                  () -> {
                    go.await();
                    try {
                      return tracker.incomingSettlement(k, target, amount);
                    } catch (SettlementConflictException e) {
                      return e;
                    }
                  }));
        }
        go.countDown();
        List<IncomingSettlementResult> applied = new ArrayList<>();
        int conflicts = 0;
        for (Future<Object> f : calls) {
          Object r = f.get(2, TimeUnit.MINUTES);
          if (r instanceof IncomingSettlementResult isr) {
            applied.add(isr);
          } else {
            assertThat(r).isInstanceOf(SettlementConflictException.class);
            conflicts++;
          }
        }
        assertThat(applied).isNotEmpty();
        IncomingSettlementResult winner = applied.get(0);
        assertThat(applied).as("every success returns the first result").allMatch(winner::equals);
        assertThat(conflicts).isEqualTo(threads - applied.size());
        assertThat(conflicts)
            .as("callers with another account or amount")
            .isGreaterThanOrEqualTo(2);
      }
      long total = tracker.balance(a).prepaidAmount() + tracker.balance(b).prepaidAmount();
      // each round applied exactly one incoming settlement of 10 or 11
      assertThat(total).isBetween(50L, 55L);
      assertThat(tracker.incomingSettlement(key("after"), a, 0).toPrepaid()).isZero();
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }

  @Test
  @DisplayName(
      "malformed idempotency keys are refused with IllegalArgumentException and change"
          + " nothing")
  void malformedIdempotencyKeys() {
    AccountId a = account("alice");
    tracker.incomingSettlement(key("seed"), a, 5);
    for (String bad : List.of("", "has space", "brace{x}", "semi;colon", "x".repeat(129), "é")) {
      assertRefusedWithoutChange(
          IllegalArgumentException.class, () -> tracker.incomingSettlement(bad, a, 10), a);
    }
    // a null key is NullPointerException, like every null argument (see the faults block)
    assertRefusedWithoutChange(
        NullPointerException.class, () -> tracker.incomingSettlement(null, a, 10), a);
    // the longest and widest legal key is accepted
    String legal = ("Az09._~-:/" + UUID.randomUUID()).repeat(3).substring(0, 128);
    assertThat(tracker.incomingSettlement(legal, a, 1).toPrepaid()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- exactness at the limits

  @Test
  @DisplayName(
      "prepare down to Long.MIN_VALUE is exact; the minimum-balance check never wraps;"
          + " beyond is refused")
  void nearLongMinValue() {
    AccountId a = account("alice");
    PrepareResult big = tracker.prepare(a, MAX, MIN);
    assertThat(big.fromClearing()).isEqualTo(MAX);
    assertThat(big.balance()).isEqualTo(new AccountBalance(a, MIN + 1, 0));
    assertThat(tracker.balance(a).clearingBalance()).isEqualTo(MIN + 1);

    // net - amount would wrap around to a large positive number: still refused
    InsufficientBalanceException wrap =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker.prepare(a, MAX, MIN), a);
    assertThat(wrap.netBalance()).isEqualTo(MIN + 1);
    assertThat(wrap.available()).isEqualTo(BigInteger.ONE);

    assertThat(tracker.prepare(a, 1, MIN).balance().clearingBalance()).isEqualTo(MIN);

    InsufficientBalanceException shortBy1 =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker.prepare(a, 1, MIN), a);
    assertThat(shortBy1.available()).isEqualTo(BigInteger.ZERO);
    assertRefusedWithoutChange(BalanceOverflowException.class, () -> tracker.prepare(a, 1), a);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, MIN, 0));

    // and all the way back, exactly
    assertThat(tracker.reject(big)).isEqualTo(new AccountBalance(a, -1, 0));
  }

  @Test
  @DisplayName(
      "the minimum-balance check is exact for a high minimum and a net balance near"
          + " Long.MAX_VALUE")
  void minBalanceCheckNearMax() {
    AccountId a = account("alice");
    tracker.fulfill(a, MAX, BalanceSettings.NONE);
    assertThat(tracker.prepare(a, 1, MAX - 1).balance().clearingBalance()).isEqualTo(MAX - 1);
    InsufficientBalanceException e =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker.prepare(a, 1, MAX - 1), a);
    assertThat(e.netBalance()).isEqualTo(MAX - 1);
    assertThat(e.minBalance()).isEqualTo(MAX - 1);
    assertThat(tracker.prepare(a, MAX, -1).balance().clearingBalance()).isEqualTo(-1);
  }

  @Test
  @DisplayName(
      "fulfill up to Long.MAX_VALUE is exact; one more is refused with"
          + " BalanceOverflowException")
  void nearLongMaxValueClearing() {
    AccountId a = account("alice");
    assertThat(tracker.fulfill(a, MAX - 1, BalanceSettings.NONE).balance().clearingBalance())
        .isEqualTo(MAX - 1);
    assertThat(tracker.fulfill(a, 1, BalanceSettings.NONE).balance().clearingBalance())
        .isEqualTo(MAX);
    BalanceOverflowException e =
        assertRefusedWithoutChange(
            BalanceOverflowException.class, () -> tracker.fulfill(a, 1, BalanceSettings.NONE), a);
    assertThat(e.account()).isEqualTo(a);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, MAX, 0));
    assertThat(tracker.fulfill(a, 0, BalanceSettings.NONE).balance().clearingBalance())
        .isEqualTo(MAX);
  }

  @Test
  @DisplayName(
      "prepaid near Long.MAX_VALUE through incoming settlements is exact; prepaid or"
          + " clearing + prepaid beyond it is refused")
  void nearLongMaxValuePrepaid() {
    AccountId a = account("alice");
    assertThat(tracker.incomingSettlement(key("big"), a, MAX - 1).balance().prepaidAmount())
        .isEqualTo(MAX - 1);
    assertThat(tracker.incomingSettlement(key("one"), a, 1).balance().prepaidAmount())
        .isEqualTo(MAX);
    String tooMuch = key("too-much");
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker.incomingSettlement(tooMuch, a, 1), a);
    // refused means not recorded: the same key is refused the same way, not answered as applied
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker.incomingSettlement(tooMuch, a, 1), a);
    // clearing + prepaid would leave the range
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker.fulfill(a, 1, BalanceSettings.NONE), a);
    PrepareResult p = tracker.prepare(a, 1);
    assertThat(p.fromPrepaid()).isEqualTo(1);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 0, MAX - 1));
  }

  @Test
  @DisplayName("incoming settlement paying down a clearing of Long.MIN_VALUE is exact")
  void incomingPaysDownMinValue() {
    AccountId a = account("alice");
    tracker.prepare(a, MAX);
    tracker.prepare(a, 1);
    assertThat(tracker.balance(a).clearingBalance()).isEqualTo(MIN);
    IncomingSettlementResult r = tracker.incomingSettlement(key("all"), a, MAX);
    assertThat(r.toClearing()).isEqualTo(MAX);
    assertThat(r.toPrepaid()).isZero();
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, -1, 0));
    IncomingSettlementResult rest = tracker.incomingSettlement(key("rest"), a, MAX);
    assertThat(rest.toClearing()).isEqualTo(1);
    assertThat(rest.toPrepaid()).isEqualTo(MAX - 1);
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 0, MAX - 1));
  }

  @Test
  @DisplayName(
      "reject and failed settlements that would leave the 64-bit range are refused and"
          + " change nothing")
  void overflowOnGiveBack() {
    AccountId a = account("alice");
    PrepareResult p = tracker.prepare(a, 10);
    tracker.fulfill(a, MAX, BalanceSettings.NONE);
    tracker.fulfill(a, 10, BalanceSettings.NONE);
    assertThat(tracker.balance(a).clearingBalance()).isEqualTo(MAX);
    assertRefusedWithoutChange(BalanceOverflowException.class, () -> tracker.reject(p), a);

    AccountId b = account("bob");
    PendingSettlement s = tracker.fulfill(b, 100, BalanceSettings.settleAt(100, 0)).settlement();
    tracker.fulfill(b, MAX, BalanceSettings.NONE);
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker.settlementFailed(s.id()), b);
    assertThat(tracker.pendingSettlements(b)).containsExactly(s);
    // once there is room again the failure goes through
    tracker.prepare(b, 100);
    assertThat(tracker.settlementFailed(s.id()).status())
        .isEqualTo(SettlementOutcome.Status.FAILED);
    assertThat(tracker.balance(b).clearingBalance()).isEqualTo(MAX);
  }

  @Test
  @DisplayName("a settlement amount that does not fit in 64 bits is refused and changes nothing")
  void settlementAmountOverflow() {
    AccountId a = account("alice");
    tracker.fulfill(a, 10, BalanceSettings.NONE);
    BalanceSettings settleToMin = new BalanceSettings(null, 0L, MIN);
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker.fulfill(a, 1, settleToMin), a);
    // exactly representable: clearing - settleTo == Long.MAX_VALUE
    AccountId b = account("bob");
    FulfillResult r = tracker.fulfill(b, 0, new BalanceSettings(null, MIN + 1, MIN + 1));
    assertThat(r.settlement().amount()).isEqualTo(MAX);
    assertThat(r.balance().clearingBalance()).isEqualTo(MIN + 1);
  }

  @Test
  @DisplayName("amounts such as 2^53 + 1 and Long.MAX_VALUE round-trip exactly (no floating point)")
  void exactLargeAmounts() {
    AccountId a = account("alice");
    assertThat(tracker.fulfill(a, TWO_53_PLUS_1, BalanceSettings.NONE).balance().clearingBalance())
        .isEqualTo(TWO_53_PLUS_1);
    assertThat(tracker.balance(a).clearingBalance()).isEqualTo(TWO_53_PLUS_1);
    PrepareResult p = tracker.prepare(a, TWO_53_PLUS_1 + 1, -1);
    assertThat(p.fromClearing()).isEqualTo(TWO_53_PLUS_1 + 1);
    assertThat(tracker.balance(a).clearingBalance()).isEqualTo(-1);

    AccountId b = account("bob");
    IncomingSettlementResult in = tracker.incomingSettlement(key("b"), b, TWO_53_PLUS_1);
    assertThat(in.toPrepaid()).isEqualTo(TWO_53_PLUS_1);
    assertThat(tracker.balance(b).prepaidAmount()).isEqualTo(TWO_53_PLUS_1);

    AccountId c = account("carol");
    PendingSettlement s =
        tracker.fulfill(c, TWO_53_PLUS_1 + 1, BalanceSettings.settleAt(1L << 53, 1)).settlement();
    assertThat(s.amount()).isEqualTo(TWO_53_PLUS_1);
    assertThat(tracker.pendingSettlements(c)).containsExactly(s);
    assertThat(tracker.settlementFailed(s.id()).settlement().amount()).isEqualTo(TWO_53_PLUS_1);
    assertThat(tracker.balance(c).clearingBalance()).isEqualTo(TWO_53_PLUS_1 + 1);

    AccountId d = account("dave");
    tracker.fulfill(d, MAX, BalanceSettings.NONE);
    assertThat(tracker.balance(d).clearingBalance()).isEqualTo(MAX);
    assertThat(tracker.prepare(d, MAX - 1, 1).balance().clearingBalance()).isEqualTo(1);
    assertThat(tracker.prepare(d, TWO_53_PLUS_1, MIN).balance().clearingBalance())
        .isEqualTo(-(1L << 53));
    // -2^53 - 1 is not a double: a store computing in floating point would accept this prepare
    InsufficientBalanceException e =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker.prepare(d, 1, -(1L << 53)), d);
    assertThat(e.netBalance()).isEqualTo(-(1L << 53));
    assertThat(e.available()).isEqualTo(BigInteger.ZERO);
  }

  // ---------------------------------------------------------------- bad input

  @Test
  @DisplayName("negative amounts are refused with IllegalArgumentException and change nothing")
  void negativeAmounts() {
    AccountId a = account("alice");
    tracker.incomingSettlement(key("seed"), a, 10);
    tracker.fulfill(a, 10, BalanceSettings.NONE);
    for (long bad : new long[] {-1, MIN}) {
      assertRefusedWithoutChange(IllegalArgumentException.class, () -> tracker.prepare(a, bad), a);
      assertRefusedWithoutChange(
          IllegalArgumentException.class, () -> tracker.prepare(a, bad, MIN), a);
      assertRefusedWithoutChange(
          IllegalArgumentException.class, () -> tracker.fulfill(a, bad, BalanceSettings.NONE), a);
      assertRefusedWithoutChange(
          IllegalArgumentException.class, () -> tracker.incomingSettlement(key("neg"), a, bad), a);
      assertRefusedWithoutChange(
          IllegalArgumentException.class,
          () -> tracker.prepareAll(List.of(new PrepareRequest(a, bad, null))),
          a);
    }
    assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 10, 10));
  }

  @Test
  @DisplayName("malformed account ids are refused with IllegalArgumentException naming the value")
  void malformedAccountIds() {
    for (String bad : List.of("a}b", "{x}", "", "x".repeat(65), "a b", "a:b", "ünï", "a\nb")) {
      assertThatThrownBy(() -> tracker.balance(AccountId.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("account id");
    }
    AccountId longest = AccountId.of(("x" + run).repeat(8).substring(0, 64));
    tracker.prepare(longest, 1);
    assertThat(tracker.balance(longest)).isEqualTo(new AccountBalance(longest, -1, 0));
  }

  @Test
  @DisplayName("bad settings are refused with IllegalArgumentException before reaching the store")
  void badSettings() {
    AccountId a = account("alice");
    assertRefusedWithoutChange(
        IllegalArgumentException.class,
        () -> tracker.fulfill(a, 5, new BalanceSettings(null, 10L, 11)),
        a);
  }

  // ---------------------------------------------------------------- batches

  @Test
  @DisplayName("batch forms give the same results as the same single calls in order")
  void batchesEqualSingles() {
    List<String> singles = runScript("s", false);
    List<String> batches = runScript("b", true);
    assertThat(batches).containsExactlyElementsOf(singles);
    // the script exercises refusals of every kind
    assertThat(singles)
        .anyMatch(s -> s.contains("InsufficientBalanceException"))
        .anyMatch(s -> s.contains("BalanceOverflowException"))
        .anyMatch(s -> s.contains("settlement="));
  }

  @Test
  @DisplayName("a refused item in the middle of a batch does not stop the items around it")
  void refusedItemInTheMiddle() {
    AccountId a = account("alice");
    AccountId b = account("bob");
    List<Outcome<PrepareResult>> prepared =
        tracker.prepareAll(
            List.of(
                new PrepareRequest(a, 10, null),
                new PrepareRequest(b, 10, 0L),
                new PrepareRequest(a, 5, null)));
    assertThat(prepared).hasSize(3);
    assertThat(prepared.get(0).isSuccess()).isTrue();
    assertThat(prepared.get(1).isSuccess()).isFalse();
    assertThatThrownBy(() -> prepared.get(1).get())
        .isInstanceOf(InsufficientBalanceException.class);
    assertThat(prepared.get(2).get().balance()).isEqualTo(new AccountBalance(a, -15, 0));
    assertThat(tracker.balance(b)).isEqualTo(AccountBalance.zero(b));

    List<Outcome<FulfillResult>> fulfilled =
        tracker.fulfillAll(
            List.of(
                new FulfillRequest(b, MAX, BalanceSettings.NONE),
                new FulfillRequest(b, 1, BalanceSettings.NONE),
                new FulfillRequest(a, 15, BalanceSettings.NONE)));
    assertThat(fulfilled.get(0).get().balance().clearingBalance()).isEqualTo(MAX);
    assertThatThrownBy(() -> fulfilled.get(1).get()).isInstanceOf(BalanceOverflowException.class);
    assertThat(fulfilled.get(2).get().balance()).isEqualTo(new AccountBalance(a, 0, 0));

    PrepareResult fromB = tracker.prepare(b, 1);
    tracker.fulfill(b, 1, BalanceSettings.NONE);
    List<Outcome<AccountBalance>> rejected =
        tracker.rejectAll(List.of(prepared.get(0).get(), fromB, prepared.get(2).get()));
    assertThat(rejected.get(0).get()).isEqualTo(new AccountBalance(a, 10, 0));
    assertThatThrownBy(() -> rejected.get(1).get()).isInstanceOf(BalanceOverflowException.class);
    assertThat(rejected.get(2).get()).isEqualTo(new AccountBalance(a, 15, 0));
    assertThat(tracker.balance(b)).isEqualTo(new AccountBalance(b, MAX, 0));
  }

  @Test
  @DisplayName("items of one batch see the effects of the earlier items of the same batch")
  void batchItemsInOrder() {
    AccountId a = account("alice");
    List<Outcome<PrepareResult>> r =
        tracker.prepareAll(
            List.of(
                new PrepareRequest(a, 10, -15L),
                new PrepareRequest(a, 10, -15L),
                new PrepareRequest(a, 5, -15L)));
    assertThat(r.get(0).get().balance().clearingBalance()).isEqualTo(-10);
    assertThatThrownBy(() -> r.get(1).get()).isInstanceOf(InsufficientBalanceException.class);
    assertThat(r.get(2).get().balance().clearingBalance()).isEqualTo(-15);

    BalanceSettings settle = BalanceSettings.settleAt(20, 0);
    List<Outcome<FulfillResult>> f =
        tracker.fulfillAll(
            List.of(
                new FulfillRequest(a, 30, settle),
                new FulfillRequest(a, 30, settle),
                new FulfillRequest(a, 5, settle)));
    assertThat(f.get(0).get().settlement()).isNull();
    assertThat(f.get(1).get().settlement().amount()).isEqualTo(45);
    assertThat(f.get(2).get().balance()).isEqualTo(new AccountBalance(a, 5, 0));
  }

  @Test
  @DisplayName("empty batches return empty results")
  void emptyBatches() {
    assertThat(tracker.prepareAll(List.of())).isEmpty();
    assertThat(tracker.fulfillAll(List.of())).isEmpty();
    assertThat(tracker.rejectAll(List.of())).isEmpty();
  }

  // ================================================================ faults (issue 12)
  // Null arguments, and close() with calls in flight: every tracker, single and auto-batched.

  @Test
  @DisplayName(
      "a null argument of any method, or a null item of a batch, is NullPointerException naming"
          + " the parameter, and changes nothing")
  void nullArgumentsAreNullPointerException() {
    AccountId a = account("nulls");
    tracker.fulfill(a, 10, BalanceSettings.NONE);
    PrepareResult p = tracker.prepare(a, 1);
    String k = key("nulls");
    Map<String, ThrowingCallable> calls = new java.util.LinkedHashMap<>();
    calls.put("balance(null)", () -> tracker.balance(null));
    calls.put("prepare(null request)", () -> tracker.prepare((PrepareRequest) null));
    calls.put("prepare(null, 1)", () -> tracker.prepare(null, 1));
    calls.put("prepare(null, 1, 0)", () -> tracker.prepare(null, 1, 0));
    calls.put("reject(null)", () -> tracker.reject((PrepareResult) null));
    calls.put("fulfill(null request)", () -> tracker.fulfill((FulfillRequest) null));
    calls.put("fulfill(null, 1, NONE)", () -> tracker.fulfill(null, 1, BalanceSettings.NONE));
    calls.put("fulfill(a, 1, null)", () -> tracker.fulfill(a, 1, null));
    calls.put("settlementSucceeded(null)", () -> tracker.settlementSucceeded(null));
    calls.put("settlementFailed(null)", () -> tracker.settlementFailed(null));
    calls.put("pendingSettlements(null)", () -> tracker.pendingSettlements(null));
    calls.put("incomingSettlement(null key)", () -> tracker.incomingSettlement(null, a, 1));
    calls.put("incomingSettlement(null account)", () -> tracker.incomingSettlement(k, null, 1));
    calls.put("prepareAll(null)", () -> tracker.prepareAll(null));
    calls.put("fulfillAll(null)", () -> tracker.fulfillAll(null));
    calls.put("rejectAll(null)", () -> tracker.rejectAll(null));
    calls.put(
        "prepareAll([ok, null])",
        () -> tracker.prepareAll(Arrays.asList(PrepareRequest.of(a, 1), null)));
    calls.put(
        "fulfillAll([ok, null])",
        () ->
            tracker.fulfillAll(
                Arrays.asList(new FulfillRequest(a, 1, BalanceSettings.NONE), null)));
    calls.put("rejectAll([p, null])", () -> tracker.rejectAll(Arrays.asList(p, null)));
    for (Map.Entry<String, ThrowingCallable> c : calls.entrySet()) {
      NullPointerException e =
          assertRefusedWithoutChange(NullPointerException.class, c.getValue(), a);
      assertThat(e)
          .as(c.getKey())
          .hasMessageMatching(
              "(?s).*\\b(account|request|prepare|settings|"
                  + "id|idempotencyKey|requests|prepares|settlement id)\\b.*");
    }
    // the key was never bound by the refused calls
    assertThat(tracker.incomingSettlement(k, a, 1).amount()).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "after close every call is refused with IllegalStateException saying the tracker is closed,"
          + " never as a store failure")
  void callsAfterCloseAreRefused() {
    AccountId a = account("closed");
    BalanceTracker t = createTracker();
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
            () -> t.incomingSettlement(key("closed"), a, 1),
            () -> t.prepareAll(List.of(PrepareRequest.of(a, 1))),
            () -> t.fulfillAll(List.of(new FulfillRequest(a, 1, BalanceSettings.NONE))),
            () -> t.rejectAll(List.of(p)));
    for (ThrowingCallable c : calls) {
      assertThat(catchThrowable(c))
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
    if (trackersShareTheirStore()) {
      assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, -1, 0));
    }
  }

  @Test
  @DisplayName(
      "a call in flight while close() runs completes or is refused with IllegalStateException"
          + " ('closed'), never as a store failure, and every call reported applied is applied")
  void closeWithCallsInFlight() throws Exception {
    int threads = 8;
    BalanceTracker t = createTracker();
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
        if (!trackersShareTheirStore()) {
          continue;
        }
        assertThat(tracker.balance(own))
            .as("balance of %s: exactly the prepares reported applied", own)
            .isEqualTo(new AccountBalance(own, -applied, 0));
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  // ================================================================ end of the faults block

  // ---------------------------------------------------------------- concurrency

  @Test
  @DisplayName(
      "16 threads of mixed operations on 8 hot accounts end with exact balances and never"
          + " break a minimum balance")
  void concurrentMixedOperations() throws Exception {
    int threads = 16;
    int ops = concurrentOperationsPerThread();
    AccountId[] accounts = new AccountId[8];
    Long[] mins = {0L, -100L, -300L, -1_000L, null, null, null, null};
    long seed = 200;
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = account("hot" + i);
      tracker.incomingSettlement(key("seed" + i), accounts[i], seed);
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Tally>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long threadSeed = 31L * t + 7;
        futures.add(pool.submit(worker(start, accounts, mins, ops, threadSeed)));
      }
      start.countDown();
      Tally total = new Tally(accounts.length);
      for (Future<Tally> f : futures) {
        total.add(f.get(10, TimeUnit.MINUTES));
      }
      assertThat(total.problems).as("problems seen by the worker threads").isEmpty();
      assertThat(total.operations).isEqualTo((long) threads * ops);
      assertThat(total.refused).as("prepares refused for a minimum balance").isPositive();
      assertThat(total.accepted).as("prepares accepted").isPositive();
      for (int i = 0; i < accounts.length; i++) {
        AccountBalance b = tracker.balance(accounts[i]);
        assertThat(b)
            .as("balance of %s", accounts[i])
            .isEqualTo(
                new AccountBalance(
                    accounts[i], total.clearing[i], Math.addExact(seed, total.prepaid[i])));
        if (mins[i] != null) {
          assertThat(b.netBalance()).isGreaterThanOrEqualTo(mins[i]);
        }
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }

  private Callable<Tally> worker(
      CountDownLatch start, AccountId[] accounts, Long[] mins, int ops, long seed) {
    return () -> {
      Tally tally = new Tally(accounts.length);
      Random rnd = new Random(seed);
      List<PrepareResult> own = new ArrayList<>();
      Map<AccountId, Integer> index = new HashMap<>();
      for (int i = 0; i < accounts.length; i++) {
        index.put(accounts[i], i);
      }
      start.await();
      for (int n = 0; n < ops; n++) {
        int k = rnd.nextInt(accounts.length);
        int roll = rnd.nextInt(100);
        tally.operations++;
        try {
          if (roll < 50 || (roll >= 75 && own.isEmpty())) {
            long amount = 1 + rnd.nextInt(100);
            Long min = mins[k];
            try {
              PrepareResult r =
                  min == null
                      ? tracker.prepare(accounts[k], amount)
                      : tracker.prepare(accounts[k], amount, min);
              tally.accepted++;
              if (!r.account().equals(accounts[k]) || r.amount() != amount) {
                tally.problems.add("prepare of " + amount + " on " + accounts[k] + " got " + r);
              }
              if (min != null && r.balance().netBalance() < min) {
                tally.problems.add("acknowledged prepare below min balance " + min + ": " + r);
              }
              own.add(r);
              tally.clearing[k] -= r.fromClearing();
              tally.prepaid[k] -= r.fromPrepaid();
            } catch (InsufficientBalanceException e) {
              tally.refused++;
              if (min == null || !e.account().equals(accounts[k]) || e.amount() != amount) {
                tally.problems.add("unexpected refusal: " + e.getMessage());
              }
            }
          } else if (roll < 75) {
            long amount = 1 + rnd.nextInt(40);
            tracker.fulfill(accounts[k], amount, BalanceSettings.NONE);
            tally.clearing[k] += amount;
          } else {
            PrepareResult p = own.remove(rnd.nextInt(own.size()));
            tracker.reject(p);
            int i = index.get(p.account());
            tally.clearing[i] += p.fromClearing();
            tally.prepaid[i] += p.fromPrepaid();
          }
        } catch (RuntimeException e) {
          tally.problems.add("operation " + n + " failed: " + e);
          return tally; // the effect of this operation is unknown: stop counting
        }
      }
      return tally;
    };
  }

  private static final class Tally {
    final long[] clearing;
    final long[] prepaid;
    final List<String> problems = new ArrayList<>();
    long operations;
    long accepted;
    long refused;

    Tally(int accounts) {
      clearing = new long[accounts];
      prepaid = new long[accounts];
    }

    void add(Tally o) {
      for (int i = 0; i < clearing.length; i++) {
        clearing[i] += o.clearing[i];
        prepaid[i] += o.prepaid[i];
      }
      problems.addAll(o.problems);
      operations += o.operations;
      accepted += o.accepted;
      refused += o.refused;
    }
  }

  // ================================================================ a refused operation binds
  // nothing (issue 12, item 6). An incoming settlement refused (here for overflow) records nothing
  // on any store: its idempotency key stays free for any account and amount, and a refusal racing
  // an applied call with the same key never lets the key be applied on a second account.

  @Test
  @DisplayName(
      "an incoming settlement refused for overflow binds nothing: its key can then be used on"
          + " another account, and is bound there")
  void refusedIncomingBindsNothingAcrossAccounts() {
    AccountId full = account("full");
    AccountId other = account("other");
    tracker.incomingSettlement(key("fill"), full, MAX);
    String k = key("refused");
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker.incomingSettlement(k, full, 5), full, other);
    IncomingSettlementResult r = tracker.incomingSettlement(k, other, 5);
    assertThat(r.toPrepaid()).isEqualTo(5);
    assertThat(tracker.balance(other)).isEqualTo(new AccountBalance(other, 0, 5));
    assertThat(tracker.incomingSettlement(k, other, 5)).isEqualTo(r);
    assertRefusedWithoutChange(
        SettlementConflictException.class,
        () -> tracker.incomingSettlement(k, full, 5),
        full,
        other);
  }

  @Test
  @DisplayName(
      "an incoming settlement refused for overflow binds nothing: the same key can then be used on"
          + " the same account with another amount, or with the same amount once it fits")
  void refusedIncomingBindsNothingOnItsAccount() {
    AccountId full = account("full");
    tracker.incomingSettlement(key("fill"), full, MAX);
    String k = key("refused");
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker.incomingSettlement(k, full, 5), full);
    tracker.prepare(full, 3);
    IncomingSettlementResult r = tracker.incomingSettlement(k, full, 3);
    assertThat(r.toPrepaid()).isEqualTo(3);
    assertThat(tracker.balance(full)).isEqualTo(new AccountBalance(full, 0, MAX));
    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker.incomingSettlement(k, full, 5), full);

    String again = key("again");
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker.incomingSettlement(again, full, 7), full);
    tracker.prepare(full, 7);
    IncomingSettlementResult applied = tracker.incomingSettlement(again, full, 7);
    assertThat(tracker.balance(full)).isEqualTo(new AccountBalance(full, 0, MAX));
    assertThat(tracker.incomingSettlement(again, full, 7)).isEqualTo(applied);
    assertThat(tracker.balance(full)).isEqualTo(new AccountBalance(full, 0, MAX));
  }

  @Test
  @DisplayName(
      "callers refused for overflow racing a prepare that makes room, and callers with the same key"
          + " on another account: the key is applied on one account at most, and is free if on"
          + " none")
  void refusedIncomingRacingAppliedOneNeverCreditsTwice() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 10; round++) {
        AccountId full = account("full" + round);
        AccountId other = account("other" + round);
        tracker.incomingSettlement(key("fill"), full, MAX);
        String k = key("race" + round);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> calls = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int kind = t;
          calls.add(
              pool.submit(
                  () -> {
                    go.await();
                    try {
                      if (kind == 0) {
                        return tracker.prepare(full, 5);
                      }
                      return tracker.incomingSettlement(k, kind < 5 ? full : other, 5);
                    } catch (BalanceException e) {
                      return e;
                    }
                  }));
        }
        go.countDown();
        List<IncomingSettlementResult> applied = new ArrayList<>();
        for (Future<Object> f : calls) {
          Object r = f.get(2, TimeUnit.MINUTES);
          if (r instanceof IncomingSettlementResult isr) {
            applied.add(isr);
          } else if (!(r instanceof PrepareResult)) {
            assertThat(r)
                .isInstanceOfAny(BalanceOverflowException.class, SettlementConflictException.class);
          }
        }
        long onFull = tracker.balance(full).prepaidAmount() - (MAX - 5);
        long onOther = tracker.balance(other).prepaidAmount();
        assertThat(onFull).as("credited on the full account").isIn(0L, 5L);
        assertThat(onOther).as("credited on the other account").isIn(0L, 5L);
        assertThat(onFull + onOther).as("the key is applied on one account at most").isLessThan(10);
        if (!applied.isEmpty()) {
          assertThat(applied)
              .as("every success returns the first result")
              .containsOnly(applied.get(0));
          assertThat(onFull + onOther).isEqualTo(5);
          AccountId winner = applied.get(0).account();
          assertThat(winner).isEqualTo(onFull == 5 ? full : other);
          AccountId third = account("third" + round);
          assertRefusedWithoutChange(
              SettlementConflictException.class,
              () -> tracker.incomingSettlement(k, third, 5),
              third);
        } else {
          assertThat(onFull + onOther).isZero();
          AccountId third = account("third" + round);
          assertThat(tracker.incomingSettlement(k, third, 5).toPrepaid())
              .as("a key only refused is free")
              .isEqualTo(5);
        }
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }

  // ================================================================ end of the refused-binds-
  // nothing block

  // ---------------------------------------------------------------- helpers

  /**
   * Runs the same operations either as single calls or as batches, on fresh accounts named with the
   * given prefix, and describes every result with account-independent text.
   */
  private List<String> runScript(String prefix, boolean batched) {
    AccountId[] acc = new AccountId[4];
    Map<AccountId, String> names = new HashMap<>();
    for (int i = 0; i < acc.length; i++) {
      acc[i] = account(prefix + "script" + i);
      names.put(acc[i], "a" + i);
    }
    Function<Object, String> d = o -> describe(o, names);
    List<String> out = new ArrayList<>();
    out.add(d.apply(tracker.incomingSettlement(key("seed"), acc[0], 100)));

    List<PrepareRequest> step1 =
        List.of(
            new PrepareRequest(acc[0], 30, 0L),
            new PrepareRequest(acc[0], 100, 0L),
            new PrepareRequest(acc[1], 50, null),
            new PrepareRequest(acc[0], 70, 0L),
            new PrepareRequest(acc[2], 5, -3L),
            new PrepareRequest(acc[2], 3, -3L),
            new PrepareRequest(acc[3], 0, 0L));
    List<Outcome<PrepareResult>> prepared = applyPrepares(step1, batched);
    prepared.forEach(o -> out.add(d.apply(o)));

    List<FulfillRequest> step2 =
        List.of(
            new FulfillRequest(acc[1], 20, BalanceSettings.NONE),
            new FulfillRequest(acc[1], 100, BalanceSettings.settleAt(40, 10)),
            new FulfillRequest(acc[2], MAX, BalanceSettings.NONE),
            new FulfillRequest(acc[2], 10, BalanceSettings.NONE),
            new FulfillRequest(acc[3], TWO_53_PLUS_1, BalanceSettings.settleAt(1L << 53, 1)),
            new FulfillRequest(acc[0], 5, BalanceSettings.minBalance(0)));
    applyFulfills(step2, batched).forEach(o -> out.add(d.apply(o)));

    List<PrepareResult> toReject = new ArrayList<>();
    for (int i = prepared.size() - 1; i >= 0; i--) {
      if (prepared.get(i).isSuccess()) {
        toReject.add(prepared.get(i).get());
      }
    }
    applyRejects(toReject, batched).forEach(o -> out.add(d.apply(o)));

    List<PrepareRequest> step4 =
        List.of(
            new PrepareRequest(acc[2], MAX, 0L),
            new PrepareRequest(acc[3], 2, 1L),
            new PrepareRequest(acc[3], 1, 0L),
            new PrepareRequest(acc[1], MAX, null),
            new PrepareRequest(acc[1], MAX, null));
    applyPrepares(step4, batched).forEach(o -> out.add(d.apply(o)));

    for (AccountId a : acc) {
      out.add(d.apply(tracker.balance(a)));
      tracker.pendingSettlements(a).forEach(s -> out.add("pending " + d.apply(s)));
    }
    return out;
  }

  private List<Outcome<PrepareResult>> applyPrepares(List<PrepareRequest> rs, boolean batched) {
    if (batched) {
      return tracker.prepareAll(rs);
    }
    List<Outcome<PrepareResult>> out = new ArrayList<>();
    rs.forEach(r -> out.add(single(() -> tracker.prepare(r))));
    return out;
  }

  private List<Outcome<FulfillResult>> applyFulfills(List<FulfillRequest> rs, boolean batched) {
    if (batched) {
      return tracker.fulfillAll(rs);
    }
    List<Outcome<FulfillResult>> out = new ArrayList<>();
    rs.forEach(r -> out.add(single(() -> tracker.fulfill(r))));
    return out;
  }

  private List<Outcome<AccountBalance>> applyRejects(List<PrepareResult> rs, boolean batched) {
    if (batched) {
      return tracker.rejectAll(rs);
    }
    List<Outcome<AccountBalance>> out = new ArrayList<>();
    rs.forEach(r -> out.add(single(() -> tracker.reject(r))));
    return out;
  }

  private static <T> Outcome<T> single(Supplier<T> call) {
    try {
      return Outcome.success(call.get());
    } catch (BalanceException e) {
      return Outcome.failure(e);
    }
  }

  private static String describe(Object o, Map<AccountId, String> names) {
    if (o instanceof Outcome.Success<?> s) {
      return describe(s.value(), names);
    }
    if (o instanceof Outcome.Failure<?> f) {
      return describe(f.error(), names);
    }
    if (o instanceof AccountBalance b) {
      return names.get(b.account()) + "(" + b.clearingBalance() + "," + b.prepaidAmount() + ")";
    }
    if (o instanceof PrepareResult p) {
      return "prepared "
          + p.amount()
          + " prepaid="
          + p.fromPrepaid()
          + " clearing="
          + p.fromClearing()
          + " -> "
          + describe(p.balance(), names);
    }
    if (o instanceof FulfillResult f) {
      return "fulfilled -> "
          + describe(f.balance(), names)
          + (f.settlement() == null ? "" : " settlement=" + describe(f.settlement(), names));
    }
    if (o instanceof PendingSettlement s) {
      return names.get(s.account()) + ":" + s.amount();
    }
    if (o instanceof IncomingSettlementResult r) {
      return "incoming "
          + r.amount()
          + " clearing="
          + r.toClearing()
          + " prepaid="
          + r.toPrepaid()
          + " -> "
          + describe(r.balance(), names);
    }
    if (o instanceof InsufficientBalanceException e) {
      return "InsufficientBalanceException "
          + names.get(e.account())
          + " amount="
          + e.amount()
          + " net="
          + e.netBalance()
          + " min="
          + e.minBalance();
    }
    if (o instanceof BalanceOverflowException e) {
      return "BalanceOverflowException " + names.get(e.account());
    }
    if (o instanceof Throwable t) {
      return t.getClass().getSimpleName();
    }
    return String.valueOf(o);
  }

  /**
   * Asserts that a call fails with the given exception type and leaves the balances and pending
   * settlements of the given accounts as they were.
   */
  private <T extends Throwable> T assertRefusedWithoutChange(
      Class<T> type, ThrowingCallable call, AccountId... accounts) {
    List<AccountBalance> before = new ArrayList<>();
    List<List<PendingSettlement>> pendingBefore = new ArrayList<>();
    for (AccountId a : accounts) {
      before.add(tracker.balance(a));
      pendingBefore.add(tracker.pendingSettlements(a));
    }
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).as("the refusal").isInstanceOf(type);
    for (int i = 0; i < accounts.length; i++) {
      assertThat(tracker.balance(accounts[i]))
          .as("balance of %s after the refusal", accounts[i])
          .isEqualTo(before.get(i));
      assertThat(tracker.pendingSettlements(accounts[i]))
          .as("pending settlements of %s after the refusal", accounts[i])
          .isEqualTo(pendingBefore.get(i));
    }
    return type.cast(thrown);
  }
}
