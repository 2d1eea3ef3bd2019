package io.ledgerkit.persistence.balance.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many threads racing on one settlement or one idempotency key, each on its own pooled connection,
 * released together by a barrier: the one-statement operations must apply exactly once.
 */
class PostgresBalanceTrackerRaceTest {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  private static final int THREADS = 16;
  private static final int ROUNDS = 5;

  @Test
  void concurrentClosesOfOneSettlementApplyOnceAndAgree(TestDatabase db) throws Exception {
    try (PostgresBalanceTracker tracker = tracker(db)) {
      for (int round = 0; round < ROUNDS; round++) {
        AccountId account = AccountId.of("race-close-" + UUID.randomUUID());
        FulfillResult f = tracker.fulfill(account, 1_000, BalanceSettings.settleAt(500, 100));
        PendingSettlement s = f.pendingSettlement().orElseThrow();
        assertThat(s.amount()).isEqualTo(900);
        boolean mixed = round % 2 == 1; // odd rounds race successes against failures
        List<Object> outcomes =
            race(
                t ->
                    mixed && t % 2 == 0
                        ? tracker.settlementSucceeded(s.id())
                        : tracker.settlementFailed(s.id()));
        List<SettlementOutcome.Status> statuses = new ArrayList<>();
        int conflicts = 0;
        for (Object o : outcomes) {
          if (o instanceof SettlementOutcome so) {
            assertThat(so.settlement()).isEqualTo(s);
            statuses.add(so.status());
          } else {
            assertThat(o).isInstanceOf(SettlementConflictException.class);
            conflicts++;
          }
        }
        assertThat(statuses).as("outcomes of round %s", round).isNotEmpty();
        assertThat(statuses.stream().distinct().count()).as("one winning status").isEqualTo(1);
        assertThat(statuses.size() + conflicts).isEqualTo(THREADS);
        if (!mixed) {
          assertThat(conflicts).isZero();
        }
        long expectedClearing = statuses.get(0) == SettlementOutcome.Status.FAILED ? 1_000 : 100;
        assertThat(tracker.balance(account))
            .as("the amount went back onto clearing at most once")
            .isEqualTo(new AccountBalance(account, expectedClearing, 0));
        assertThat(tracker.pendingSettlements(account)).isEmpty();
      }
    }
  }

  @Test
  void oneIdempotencyKeyFromManyThreadsAppliesOnce(TestDatabase db) throws Exception {
    try (PostgresBalanceTracker tracker = tracker(db)) {
      for (int round = 0; round < ROUNDS; round++) {
        AccountId account = AccountId.of("race-in-" + UUID.randomUUID()); // created by the race
        AccountId other = AccountId.of("race-in-other-" + UUID.randomUUID());
        if (round % 2 == 1) {
          tracker.prepare(account, 300); // clearing -300: the settlement pays it down first
        }
        String key = "race/" + UUID.randomUUID();
        List<Object> outcomes =
            race(
                t ->
                    switch (t % 4) {
                      case 1 -> tracker.incomingSettlement(key, account, 501);
                      case 2 -> tracker.incomingSettlement(key, other, 500);
                      default -> tracker.incomingSettlement(key, account, 500);
                    });
        IncomingSettlementResult first = null;
        List<Integer> winners = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          Object o = outcomes.get(t);
          if (o instanceof IncomingSettlementResult r) {
            if (first == null) {
              first = r;
            }
            assertThat(r).as("result of thread %s", t).isEqualTo(first);
            winners.add(t % 4 == 1 || t % 4 == 2 ? t % 4 : 0);
          } else {
            assertThat(o)
                .as("outcome of thread %s", t)
                .isInstanceOf(SettlementConflictException.class);
          }
        }
        assertThat(first).as("some thread applied the key").isNotNull();
        assertThat(winners.stream().distinct().count()).as("one request shape won").isEqualTo(1);
        AccountId won = first.account();
        long wonAmount = first.amount();
        long before = round % 2 == 1 && won.equals(account) ? -300 : 0;
        long toClearing = Math.min(wonAmount, -before);
        assertThat(tracker.balance(won))
            .isEqualTo(new AccountBalance(won, before + toClearing, wonAmount - toClearing));
        AccountId lost = won.equals(account) ? other : account;
        long lostBefore = round % 2 == 1 && lost.equals(account) ? -300 : 0;
        assertThat(tracker.balance(lost)).isEqualTo(new AccountBalance(lost, lostBefore, 0));
      }
    }
  }

  /**
   * An incoming settlement whose key is being used by a concurrent transaction, which also brings
   * the account's prepaid amount near the 64-bit limit: the statement's snapshot does not see the
   * key, its row lock sees the new balance, and the computation overflows. The answer must come
   * from the key's first use (applied once, here the same request), not an overflow refusal that
   * would tell the caller the money was not credited.
   */
  @Test
  void anOverflowBehindAConcurrentFirstUseOfTheKeyAnswersFromThatUse(TestDatabase db)
      throws Exception {
    String app = "lk-race-" + UUID.randomUUID().toString().substring(0, 8);
    AccountId account = AccountId.of("race-ovf-" + UUID.randomUUID());
    String key = "race-ovf/" + UUID.randomUUID();
    long prepaidAfter = Long.MAX_VALUE - 5;
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (PostgresBalanceTracker tracker =
            PostgresBalanceTracker.configure()
                .url(db.jdbcUrl(), db.user(), db.password())
                .applicationName(app)
                .runMigration(true)
                .start();
        Connection first = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Connection watch = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      tracker.incomingSettlement("race-ovf-init/" + UUID.randomUUID(), account, 1);
      first.setAutoCommit(false);
      try (PreparedStatement ps =
          first.prepareStatement("UPDATE balance_accounts SET prepaid = ? WHERE account_id = ?")) {
        ps.setLong(1, prepaidAfter);
        ps.setString(2, account.value());
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      try (PreparedStatement ps =
          first.prepareStatement(
              "INSERT INTO balance_incoming_settlements (idempotency_key, account_id, amount,"
                  + " to_clearing, to_prepaid, clearing_after, prepaid_after)"
                  + " VALUES (?, ?, 10, 0, 10, 0, ?)")) {
        ps.setString(1, key);
        ps.setString(2, account.value());
        ps.setLong(3, prepaidAfter);
        ps.executeUpdate();
      }
      Future<Object> call =
          pool.submit(
              () -> {
                try {
                  return tracker.incomingSettlement(key, account, 10);
                } catch (RuntimeException e) {
                  return e;
                }
              });
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!waitsForALock(watch, app)) {
        assertThat(System.nanoTime()).as("the call waits for the account row").isLessThan(until);
        Thread.sleep(10);
      }
      first.commit();
      assertThat(call.get(30, TimeUnit.SECONDS))
          .isEqualTo(
              new IncomingSettlementResult(
                  key, account, 10, 0, 10, new AccountBalance(account, 0, prepaidAfter)));
      assertThat(tracker.balance(account)).isEqualTo(new AccountBalance(account, 0, prepaidAfter));
    } finally {
      pool.shutdownNow();
    }
  }

  private static boolean waitsForALock(Connection watch, String app) throws SQLException {
    try (PreparedStatement ps =
        watch.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?"
                + " AND wait_event_type = 'Lock'")) {
      ps.setString(1, app);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  private static PostgresBalanceTracker tracker(TestDatabase db) {
    return PostgresBalanceTracker.configure()
        .url(db.jdbcUrl(), db.user(), db.password())
        .maximumPoolSize(THREADS)
        .runMigration(true)
        .start();
  }

  private interface Op {
    Object run(int thread);
  }

  /** Runs {@code op} on every thread at once; returns each thread's result or exception. */
  private static List<Object> race(Op op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CyclicBarrier barrier = new CyclicBarrier(THREADS);
      List<Future<Object>> futures = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Callable<Object> task =
            () -> {
              barrier.await(10, TimeUnit.SECONDS);
              try {
                return op.run(thread);
              } catch (RuntimeException e) {
                return e;
              }
            };
        futures.add(pool.submit(task));
      }
      List<Object> out = new ArrayList<>();
      for (Future<Object> f : futures) {
        try {
          out.add(f.get(60, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          throw new AssertionError(e.getCause());
        }
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
