package io.ledgerkit.persistence.testkit.balance;

import static io.ledgerkit.persistence.testkit.balance.ContractSupport.MAX;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.index;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceException;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Concurrency: 16 threads of mixed operations keep every balance exact and every minimum balance,
 * and concurrent incoming settlements with one key apply once. A part of the balance tracker
 * compatibility kit; {@link BalanceTrackerContract} runs every part.
 */
public interface ConcurrencyContract extends BalanceTrackerFixture {

  /**
   * One idempotency key used by 16 threads at once is applied once: the same request gets the first
   * result, a different one a conflict.
   *
   * @throws Exception when the case fails unexpectedly
   */
  @Test
  @DisplayName(
      "one idempotency key used by 16 threads at once is applied once: the same request gets the"
          + " first result, a different one a conflict")
  default void incomingIdempotentUnderConcurrency() throws Exception {
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
                      return tracker().incomingSettlement(k, target, amount);
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
      long total = tracker().balance(a).prepaidAmount() + tracker().balance(b).prepaidAmount();
      // each round applied exactly one incoming settlement of 10 or 11
      assertThat(total).isBetween(50L, 55L);
      assertThat(tracker().incomingSettlement(key("after"), a, 0).toPrepaid()).isZero();
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }

  // ================================================================ end of the faults block

  // ---------------------------------------------------------------- concurrency

  /**
   * 16 threads of mixed operations on 8 hot accounts end with exact balances and never break a
   * minimum balance.
   *
   * @throws Exception when the case fails unexpectedly
   */
  @Test
  @DisplayName(
      "16 threads of mixed operations on 8 hot accounts end with exact balances and never"
          + " break a minimum balance")
  default void concurrentMixedOperations() throws Exception {
    int threads = 16;
    int ops = operationsPerThread();
    AccountId[] accounts = new AccountId[8];
    Long[] mins = {0L, -100L, -300L, -1_000L, null, null, null, null};
    long seed = 200;
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = account("hot" + i);
      tracker().incomingSettlement(key("seed" + i), accounts[i], seed);
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<ContractSupport.Tally>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long threadSeed = 31L * t + 7;
        futures.add(pool.submit(worker(start, accounts, mins, ops, threadSeed)));
      }
      start.countDown();
      ContractSupport.Tally total = new ContractSupport.Tally(accounts.length);
      for (Future<ContractSupport.Tally> f : futures) {
        total.add(f.get(10, TimeUnit.MINUTES));
      }
      assertThat(total.problems).as("problems seen by the worker threads").isEmpty();
      assertThat(total.operations).isEqualTo((long) threads * ops);
      assertThat(total.refused).as("prepares refused for a minimum balance").isPositive();
      assertThat(total.accepted).as("prepares accepted").isPositive();
      for (int i = 0; i < accounts.length; i++) {
        AccountBalance b = tracker().balance(accounts[i]);
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

  /**
   * Callers refused for overflow racing a prepare that makes room, and callers with the same key on
   * another account: the key is applied on one account at most, and is free if on none.
   *
   * @throws Exception when the case fails unexpectedly
   */
  @Test
  @DisplayName(
      "callers refused for overflow racing a prepare that makes room, and callers with the same key"
          + " on another account: the key is applied on one account at most, and is free if on"
          + " none")
  default void refusedIncomingRacingAppliedOneNeverCreditsTwice() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 10; round++) {
        AccountId full = account("full" + round);
        AccountId other = account("other" + round);
        tracker().incomingSettlement(key("fill"), full, MAX);
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
                        return tracker().prepare(full, 5);
                      }
                      return tracker().incomingSettlement(k, kind < 5 ? full : other, 5);
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
        long onFull = tracker().balance(full).prepaidAmount() - (MAX - 5);
        long onOther = tracker().balance(other).prepaidAmount();
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
              () -> tracker().incomingSettlement(k, third, 5),
              third);
        } else {
          assertThat(onFull + onOther).isZero();
          AccountId third = account("third" + round);
          assertThat(tracker().incomingSettlement(k, third, 5).toPrepaid())
              .as("a key only refused is free")
              .isEqualTo(5);
        }
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }

  private Callable<ContractSupport.Tally> worker(
      CountDownLatch start, AccountId[] accounts, Long[] mins, int ops, long seed) {
    return () -> {
      ContractSupport.Tally tally = new ContractSupport.Tally(accounts.length);
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
                      ? tracker().prepare(accounts[k], amount)
                      : tracker().prepare(accounts[k], amount, min);
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
            tracker().fulfill(accounts[k], amount, BalanceSettings.NONE);
            tally.clearing[k] += amount;
          } else {
            PrepareResult p = own.remove(rnd.nextInt(own.size()));
            tracker().reject(p);
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
}
