package io.ledgerkit.persistence.balance.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.testkit.EmbeddedPostgres;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The faults of issue 12 on PostgreSQL: a data error of one batch item, one account's data error
 * among auto-batched callers, the in-doubt flag, close with calls in flight, and the bound on
 * blocking against a hung (SIGSTOPped) server of the test's own.
 */
class PostgresBalanceTrackerFaultsTest {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  private final String run = UUID.randomUUID().toString().substring(0, 8);

  private PostgresBalanceTracker.Builder builder(TestDatabase db) {
    return PostgresBalanceTracker.configure()
        .url(db.jdbcUrl(), db.user(), db.password())
        .maximumPoolSize(8)
        .runMigration(true);
  }

  /** Plants a trigger that refuses any write of one account, as data edited outside would. */
  private static void plantDataError(TestDatabase db, AccountId bad) throws SQLException {
    String fn = "lk_planted_" + bad.value().replace('-', '_').replace('.', '_');
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE OR REPLACE FUNCTION "
              + fn
              + "() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN IF NEW.account_id = '"
              + bad.value()
              + "' THEN RAISE EXCEPTION 'planted data error on %', NEW.account_id; END IF;"
              + " RETURN NEW; END $f$");
      s.execute(
          "CREATE TRIGGER "
              + fn
              + " BEFORE INSERT OR UPDATE ON balance_accounts FOR EACH ROW EXECUTE FUNCTION "
              + fn
              + "()");
    }
  }

  @Test
  @DisplayName(
      "a data error on one item of a batch applies nothing (one transaction) and says so: not a"
          + " store outage")
  void dataErrorOfOneBatchItemAppliesNothing(TestDatabase db) throws Exception {
    AccountId good = AccountId.of("good-" + run);
    AccountId good2 = AccountId.of("good2-" + run);
    AccountId bad = AccountId.of("bad-" + run);
    try (PostgresBalanceTracker t = builder(db).start()) {
      t.fulfill(good2, 5, BalanceSettings.NONE);
      plantDataError(db, bad);
      Throwable e =
          catchThrowable(
              () ->
                  t.prepareAll(
                      List.of(
                          PrepareRequest.of(good, 7),
                          PrepareRequest.of(bad, 1),
                          PrepareRequest.of(good2, 3))));
      assertThat(e)
          .isExactlyInstanceOf(IllegalStateException.class)
          .hasMessageContaining("planted data error")
          .hasMessageContaining("nothing was applied");
      Throwable f =
          catchThrowable(
              () ->
                  t.fulfillAll(
                      List.of(
                          new FulfillRequest(good, 7, BalanceSettings.NONE),
                          new FulfillRequest(bad, 1, BalanceSettings.NONE))));
      assertThat(f).isExactlyInstanceOf(IllegalStateException.class);
      assertThat(t.balance(good)).isEqualTo(AccountBalance.zero(good));
      assertThat(t.balance(good2)).isEqualTo(new AccountBalance(good2, 5, 0));
      assertThat(t.balance(bad)).isEqualTo(AccountBalance.zero(bad));
    }
  }

  @Test
  @DisplayName(
      "auto-batched: one account's data error reaches only its own caller; every healthy"
          + " prepare succeeds and is applied exactly once")
  void autoBatchedDataErrorStaysWithItsCaller(TestDatabase db) throws Exception {
    AccountId bad = AccountId.of("bad-" + run);
    int healthy = 8;
    int each = 40;
    try (BalanceTracker t = AutoBatchingBalanceTracker.configure(builder(db).start()).start()) {
      plantDataError(db, bad);
      ExecutorService pool = Executors.newFixedThreadPool(healthy + 1);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> workers = new ArrayList<>();
        for (int w = 0; w <= healthy; w++) {
          AccountId own = w == 0 ? bad : AccountId.of("healthy-" + w + "-" + run);
          boolean isBad = w == 0;
          workers.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int n = 0; n < each; n++) {
                      try {
                        t.prepare(own, 1);
                        if (isBad) {
                          return "the bad account's prepare succeeded";
                        }
                      } catch (RuntimeException e) {
                        if (!isBad) {
                          return "healthy " + own + " got " + e;
                        }
                        if (!(e instanceof IllegalStateException)) {
                          return "bad account got " + e;
                        }
                      }
                    }
                    return "ok";
                  }));
        }
        start.countDown();
        for (Future<String> f : workers) {
          assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo("ok");
        }
      } finally {
        pool.shutdownNow();
      }
      for (int w = 1; w <= healthy; w++) {
        AccountId own = AccountId.of("healthy-" + w + "-" + run);
        assertThat(t.balance(own)).isEqualTo(new AccountBalance(own, -each, 0));
      }
      assertThat(t.balance(bad)).isEqualTo(AccountBalance.zero(bad));
    }
  }

  @Test
  @DisplayName(
      "a call that finds no free pooled connection says so, nothing applied: it is not a"
          + " connection lost")
  void poolExhaustedIsNotAConnectionLost(TestDatabase db) throws Exception {
    AccountId locked = AccountId.of("pool-locked-" + run);
    AccountId other = AccountId.of("pool-other-" + run);
    try (PostgresBalanceTracker t =
            builder(db).maximumPoolSize(1).connectionTimeout(Duration.ofMillis(250)).start();
        Connection lock = db.dataSource().getConnection()) {
      t.fulfill(locked, 10, BalanceSettings.NONE);
      t.balance(other);
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute(
            "SELECT 1 FROM balance_accounts WHERE account_id = '"
                + locked.value()
                + "' FOR UPDATE");
      }
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        // The prepare waits for the row lock on the pool's only connection.
        Future<?> blocked = pool.submit(() -> t.prepare(PrepareRequest.of(locked, 1)));
        TimeUnit.MILLISECONDS.sleep(300);
        Throwable e = catchThrowable(() -> t.prepare(PrepareRequest.of(other, 1)));

        assertThat(e).isInstanceOf(BalanceStoreUnavailableException.class);
        assertThat(((BalanceStoreUnavailableException) e).mayHaveBeenApplied()).isFalse();
        assertThat(e)
            .hasMessageContaining("no pooled connection became free for prepare on " + other)
            .hasMessageContaining("nothing was applied")
            .hasMessageNotContaining("connection lost");
        lock.rollback();
        blocked.get(30, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      assertThat(t.balance(other)).isEqualTo(AccountBalance.zero(other));
      assertThat(t.balance(locked)).isEqualTo(new AccountBalance(locked, 9, 0));
    }
  }

  @Test
  @DisplayName(
      "whether a failed call may have been applied is data: a statement the server cancelled is"
          + " not applied, a connection lost during a write is in doubt")
  void appliedFlag(TestDatabase db) throws Exception {
    AccountId a = AccountId.of("flag-" + run);
    String app = "lk-flag-" + run;
    try (PostgresBalanceTracker t =
        builder(db).applicationName(app).statementTimeout(Duration.ofMillis(300)).start()) {
      t.fulfill(a, 10, BalanceSettings.NONE);
      // The account's row is locked by another transaction: the prepare waits past the
      // statement timeout and the server cancels it (rolled back).
      try (Connection lock = db.dataSource().getConnection()) {
        lock.setAutoCommit(false);
        lockRow(lock, a);
        Throwable e = catchThrowable(() -> t.prepare(a, 1));
        lock.rollback();
        assertThat(e).isInstanceOf(BalanceStoreUnavailableException.class);
        assertThat(((BalanceStoreUnavailableException) e).mayHaveBeenApplied())
            .as("a cancelled statement: %s", e.getMessage())
            .isFalse();
      }
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, 10, 0));
    }
    try (PostgresBalanceTracker t = builder(db).applicationName(app).start()) {
      try (Connection lock = db.dataSource().getConnection()) {
        lock.setAutoCommit(false);
        lockRow(lock, a);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
          Future<Throwable> prepare = pool.submit(() -> catchThrowable(() -> t.prepare(a, 1)));
          awaitLockWait(db, app);
          terminate(db, app);
          Throwable e = prepare.get(30, TimeUnit.SECONDS);
          assertThat(e).isInstanceOf(BalanceStoreUnavailableException.class);
          assertThat(((BalanceStoreUnavailableException) e).mayHaveBeenApplied())
              .as("a write whose connection was lost in flight: %s", e.getMessage())
              .isTrue();
        } finally {
          lock.rollback();
          pool.shutdownNow();
        }
      }
    }
  }

  @Test
  @DisplayName(
      "close with calls in flight on the tracker's own pool: they complete or are refused with"
          + " IllegalStateException, never a store failure")
  void closeWithCallsInFlight(TestDatabase db) throws Exception {
    int threads = 6;
    PostgresBalanceTracker t = builder(db).start();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<long[]>> workers = new ArrayList<>();
    try {
      CountDownLatch started = new CountDownLatch(threads);
      for (int w = 0; w < threads; w++) {
        AccountId own = AccountId.of("closing-" + w + "-" + run);
        workers.add(
            pool.submit(
                () -> {
                  started.countDown();
                  long applied = 0;
                  while (true) {
                    try {
                      t.prepare(own, 1);
                      applied++;
                    } catch (IllegalStateException e) {
                      assertThat(e).hasMessageContaining("closed");
                      return new long[] {applied};
                    }
                  }
                }));
      }
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
      Thread.sleep(300);
      t.close();
      try (PostgresBalanceTracker check = builder(db).start()) {
        for (int w = 0; w < threads; w++) {
          AccountId own = AccountId.of("closing-" + w + "-" + run);
          long applied = workers.get(w).get(30, TimeUnit.SECONDS)[0];
          assertThat(applied).isPositive();
          assertThat(check.balance(own)).isEqualTo(new AccountBalance(own, -applied, 0));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName(
      "against a hung server (SIGSTOP) every call, single or auto-batched, fails with"
          + " BalanceStoreUnavailableException within the documented bound")
  void hungServerBlocksWithinTheBound() throws Exception {
    try (EmbeddedPostgres server = EmbeddedPostgres.start()) {
      PostgresBalanceTracker t =
          PostgresBalanceTracker.configure()
              .url(server.jdbcUrl())
              .maximumPoolSize(4)
              .connectionTimeout(Duration.ofMillis(500))
              .connectTimeout(Duration.ofSeconds(1))
              .statementTimeout(Duration.ofMillis(500))
              .runMigration(true)
              .start();
      Duration queue = Duration.ofMillis(500);
      AutoBatchingBalanceTracker auto =
          AutoBatchingBalanceTracker.configure(t).maxQueueTime(queue).start();
      AccountId a = AccountId.of("hung-" + run);
      try {
        t.fulfill(a, 100, BalanceSettings.NONE);
        Duration bound = t.callTimeout();
        Duration autoBound = queue.plus(bound);
        assertThat(bound).isLessThanOrEqualTo(Duration.ofSeconds(3));
        server.suspend();
        long longestSingle = 0;
        try {
          List<Callable<Object>> singles =
              List.of(
                  () -> t.prepare(a, 1),
                  () -> t.balance(a),
                  () -> t.incomingSettlement("hung-" + run, a, 1),
                  () -> t.fulfillAll(List.of(new FulfillRequest(a, 1, BalanceSettings.NONE))),
                  () -> t.pendingSettlements(a));
          for (Callable<Object> c : singles) {
            long started = System.nanoTime();
            Throwable e = catchThrowable(c::call);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(e).isInstanceOf(BalanceStoreUnavailableException.class);
            longestSingle = Math.max(longestSingle, ms);
          }
          long longestAuto = longestAutoBatched(auto, a, 8);
          System.out.printf(
              "hung PostgreSQL: longest single call %d ms (bound %s), longest auto-batched %d ms"
                  + " (bound %s)%n",
              longestSingle, bound, longestAuto, autoBound);
          assertThat(longestSingle).isLessThanOrEqualTo(bound.toMillis() + 1_000);
          assertThat(longestAuto).isLessThanOrEqualTo(autoBound.toMillis() + 1_000);
        } finally {
          server.resume();
        }
        // the tracker recovers once the server runs again
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
          try {
            auto.prepare(a, 1);
            break;
          } catch (BalanceStoreUnavailableException e) {
            if (System.nanoTime() > until) {
              throw e;
            }
            Thread.sleep(100);
          }
        }
      } finally {
        auto.close();
      }
    }
  }

  /** Runs concurrent auto-batched prepares against the hung server; returns the longest block. */
  static long longestAutoBatched(BalanceTracker auto, AccountId a, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Long>> calls = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        calls.add(
            pool.submit(
                () -> {
                  start.await();
                  long longest = 0;
                  for (int n = 0; n < 3; n++) {
                    long started = System.nanoTime();
                    Throwable e = catchThrowable(() -> auto.prepare(a, 1));
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    assertThat(e).isInstanceOf(BalanceStoreUnavailableException.class);
                    longest = Math.max(longest, ms);
                  }
                  return longest;
                }));
      }
      start.countDown();
      long longest = 0;
      for (Future<Long> f : calls) {
        longest = Math.max(longest, f.get(2, TimeUnit.MINUTES));
      }
      return longest;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void lockRow(Connection lock, AccountId a) throws SQLException {
    try (Statement s = lock.createStatement()) {
      s.execute("SELECT 1 FROM balance_accounts WHERE account_id = '" + a.value() + "' FOR UPDATE");
    }
  }

  private static void awaitLockWait(TestDatabase db, String app) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < until) {
      try (Connection c = db.dataSource().getConnection();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT count(*) FROM pg_stat_activity WHERE application_name = '"
                      + app
                      + "' AND wait_event_type = 'Lock'")) {
        rs.next();
        if (rs.getInt(1) > 0) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the prepare never waited for the row lock");
  }

  private static void terminate(TestDatabase db, String app) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
              + app
              + "' AND wait_event_type = 'Lock'");
    }
  }
}
