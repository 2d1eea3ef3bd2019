package io.ledgerkit.persistence.balance.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failures of the real server: backends terminated with {@code pg_terminate_backend} while
 * operations are in flight, and two trackers with their own pools on the same accounts.
 */
class PostgresBalanceTrackerFaultTest {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  private static final int THREADS = 6;
  private static final long RUN_MILLIS = 3_000;

  /**
   * Every worker owns one account, so that the effect of an operation whose outcome is in doubt (a
   * {@link BalanceStoreUnavailableException}) can be settled exactly: the worker reads the balance
   * back and finds either nothing or exactly that operation's effect. Incoming settlements are
   * retried with the same idempotency key until they succeed, as a client would.
   */
  @Test
  void terminatedBackendsFailInFlightOperationsCleanlyAndThePoolRecovers(TestDatabase db)
      throws Exception {
    String app = "lk-fault-" + UUID.randomUUID().toString().substring(0, 8);
    try (PostgresBalanceTracker tracker =
        PostgresBalanceTracker.configure()
            .url(db.jdbcUrl(), db.user(), db.password())
            .applicationName(app)
            .maximumPoolSize(THREADS)
            .connectionTimeout(java.time.Duration.ofSeconds(10))
            .runMigration(true)
            .start()) {
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger terminated = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Worker>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          Worker w = new Worker(tracker, AccountId.of("fault-" + t + "-" + app), 1000L + t);
          workers.add(pool.submit(w.loop(start, stop)));
        }
        Future<?> killer =
            pool.submit(
                () -> {
                  start.await();
                  while (!stop.get()) {
                    Thread.sleep(150);
                    terminated.addAndGet(terminateBackends(db, app));
                  }
                  return null;
                });
        start.countDown();
        Thread.sleep(RUN_MILLIS);
        stop.set(true);
        killer.get(30, TimeUnit.SECONDS);

        long acknowledged = 0;
        long inDoubt = 0;
        long inDoubtApplied = 0;
        long keys = 0;
        for (Future<Worker> f : workers) {
          Worker w = f.get(60, TimeUnit.SECONDS);
          assertThat(w.problems).as("problems seen by worker %s", w.account).isEmpty();
          acknowledged += w.acknowledged;
          inDoubt += w.inDoubt;
          inDoubtApplied += w.inDoubtApplied;
          keys += w.keys.size();
        }
        System.out.printf(
            "termination run: %d backends terminated, %d operations acknowledged, %d in doubt"
                + " (%d found applied), %d idempotency keys%n",
            terminated.get(), acknowledged, inDoubt, inDoubtApplied, keys);
        assertThat(terminated.get()).as("backends terminated").isPositive();
        assertThat(acknowledged).as("acknowledged operations").isGreaterThan(50);
        assertThat(inDoubt)
            .as("operations that failed with BalanceStoreUnavailableException")
            .isPositive();

        // The pool recovers: once the kills stop, every operation succeeds again (HikariCP
        // validates a connection idle for more than 500 ms before lending it, and drops the dead).
        Thread.sleep(1_000);
        AccountId after = AccountId.of("after-" + app);
        for (int i = 0; i < 50; i++) {
          tracker.fulfill(after, 1, BalanceSettings.NONE);
        }
        assertThat(tracker.balance(after)).isEqualTo(new AccountBalance(after, 50, 0));

        // Final balances equal the acknowledged effects plus the in-doubt ones found applied, and
        // no idempotency key was applied twice.
        for (Future<Worker> f : workers) {
          Worker w = f.get();
          assertThat(tracker.balance(w.account))
              .as("balance of %s", w.account)
              .isEqualTo(new AccountBalance(w.account, w.clearing, w.prepaid));
          assertThat(storedKeys(db, w.account))
              .as("stored keys of %s", w.account)
              .isEqualTo(w.keys.size());
        }
        assertThat(keys).isPositive();
      } finally {
        stop.set(true);
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  /**
   * Two trackers with their own pools, as two connector instances would have, work on the same four
   * accounts at once (one of them group-committing through the batch function): every acknowledged
   * effect is in the final balances, and no minimum balance is ever broken.
   */
  @Test
  void twoTrackersWithTheirOwnPoolsKeepSharedBalancesExact(TestDatabase db) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    AccountId[] accounts = new AccountId[4];
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = AccountId.of("shared-" + i + "-" + run);
    }
    long[] mins = {0, -50, -200, -1_000};
    try (PostgresBalanceTracker first = builder(db).runMigration(true).start();
        BalanceTracker second = AutoBatchingBalanceTracker.configure(builder(db).start()).start()) {
      for (int i = 0; i < accounts.length; i++) {
        first.incomingSettlement("seed-" + i + "-" + run, accounts[i], 500);
      }
      int perTracker = 4;
      int ops = 250;
      ExecutorService pool = Executors.newFixedThreadPool(2 * perTracker);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < 2 * perTracker; t++) {
          BalanceTracker tracker = t < perTracker ? first : second;
          long seed = 17L * t + 3;
          futures.add(
              pool.submit(sharedWorker(tracker, start, accounts, mins, ops, seed, run + "-" + t)));
        }
        start.countDown();
        long[] delta = new long[2 * accounts.length];
        long refused = 0;
        for (Future<long[]> f : futures) {
          long[] d = f.get(5, TimeUnit.MINUTES);
          for (int i = 0; i < delta.length; i++) {
            delta[i] += d[i];
          }
          refused += d[delta.length];
        }
        assertThat(refused).as("prepares refused for a minimum balance").isPositive();
        for (int i = 0; i < accounts.length; i++) {
          AccountBalance b = first.balance(accounts[i]);
          assertThat(b)
              .as("balance of %s", accounts[i])
              .isEqualTo(new AccountBalance(accounts[i], delta[2 * i], 500 + delta[2 * i + 1]));
          assertThat(b.netBalance()).isGreaterThanOrEqualTo(mins[i]);
          assertThat(second.balance(accounts[i])).isEqualTo(b);
        }
      } finally {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  /** Concurrent first use of the same new accounts and keys: every operation applies once. */
  @Test
  void concurrentFirstUseOfAnAccountAndOfAKeyAppliesEachOperationOnce(TestDatabase db)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    int threads = 8;
    int accounts = 6;
    try (PostgresBalanceTracker tracker = builder(db).runMigration(true).start()) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        for (int a = 0; a < accounts; a++) {
          AccountId account = AccountId.of("first-" + a + "-" + run);
          String key = "first-key-" + a + "-" + run;
          CountDownLatch start = new CountDownLatch(1);
          List<Future<IncomingSettlementResult>> results = new ArrayList<>();
          for (int t = 0; t < threads; t++) {
            results.add(
                pool.submit(
                    () -> {
                      start.await();
                      tracker.fulfill(account, 3, BalanceSettings.NONE);
                      return tracker.incomingSettlement(key, account, 7);
                    }));
          }
          start.countDown();
          IncomingSettlementResult firstResult = results.get(0).get(30, TimeUnit.SECONDS);
          for (Future<IncomingSettlementResult> r : results) {
            assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(firstResult);
          }
          assertThat(tracker.balance(account))
              .isEqualTo(new AccountBalance(account, 3L * threads, 7));
        }
      } finally {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  private static PostgresBalanceTracker.Builder builder(TestDatabase db) {
    return PostgresBalanceTracker.configure()
        .url(db.jdbcUrl(), db.user(), db.password())
        .maximumPoolSize(4);
  }

  private static Callable<long[]> sharedWorker(
      BalanceTracker tracker,
      CountDownLatch start,
      AccountId[] accounts,
      long[] mins,
      int ops,
      long seed,
      String keyPrefix) {
    return () -> {
      long[] delta = new long[2 * accounts.length + 1];
      Random rnd = new Random(seed);
      List<PrepareResult> own = new ArrayList<>();
      start.await();
      for (int n = 0; n < ops; n++) {
        int k = rnd.nextInt(accounts.length);
        int roll = rnd.nextInt(100);
        if (roll < 45 || (roll < 70 && own.isEmpty())) {
          long amount = 1 + rnd.nextInt(120);
          try {
            PrepareResult r = tracker.prepare(accounts[k], amount, mins[k]);
            own.add(r);
            delta[2 * k] -= r.fromClearing();
            delta[2 * k + 1] -= r.fromPrepaid();
          } catch (InsufficientBalanceException e) {
            delta[2 * accounts.length]++;
          }
        } else if (roll < 70) {
          PrepareResult p = own.remove(rnd.nextInt(own.size()));
          tracker.reject(p);
          int i = indexOf(accounts, p.account());
          delta[2 * i] += p.fromClearing();
          delta[2 * i + 1] += p.fromPrepaid();
        } else if (roll < 92) {
          long amount = 1 + rnd.nextInt(50);
          tracker.fulfill(accounts[k], amount, BalanceSettings.NONE);
          delta[2 * k] += amount;
        } else {
          long amount = rnd.nextInt(30);
          IncomingSettlementResult r =
              tracker.incomingSettlement(keyPrefix + "-" + n, accounts[k], amount);
          delta[2 * k] += r.toClearing();
          delta[2 * k + 1] += r.toPrepaid();
        }
      }
      return delta;
    };
  }

  private static int indexOf(AccountId[] accounts, AccountId account) {
    for (int i = 0; i < accounts.length; i++) {
      if (accounts[i].equals(account)) {
        return i;
      }
    }
    throw new AssertionError("unknown account " + account);
  }

  private static int terminateBackends(TestDatabase db, String applicationName)
      throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = '"
                    + applicationName
                    + "' AND pid <> pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static long storedKeys(TestDatabase db, AccountId account) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM balance_incoming_settlements WHERE account_id = '"
                    + account.value()
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** One worker of the termination test, the only writer of its account. */
  private static final class Worker {
    final BalanceTracker tracker;
    final AccountId account;
    final Random rnd;
    final List<String> problems = new ArrayList<>();
    final List<String> keys = new ArrayList<>();
    final List<PrepareResult> own = new ArrayList<>();
    long clearing;
    long prepaid;
    long acknowledged;
    long inDoubt;
    long inDoubtApplied;

    Worker(BalanceTracker tracker, AccountId account, long seed) {
      this.tracker = tracker;
      this.account = account;
      this.rnd = new Random(seed);
    }

    Callable<Worker> loop(CountDownLatch start, AtomicBoolean stop) {
      return () -> {
        start.await();
        int n = 0;
        while (!stop.get() && problems.isEmpty()) {
          n++;
          int roll = rnd.nextInt(100);
          try {
            if (roll < 35 || (roll < 55 && own.isEmpty())) {
              long amount = 1 + rnd.nextInt(100);
              step(
                  () -> {
                    PrepareResult r = tracker.prepare(account, amount);
                    own.add(r);
                    return new long[] {-r.fromClearing(), -r.fromPrepaid()};
                  },
                  (c, p) -> p >= amount ? new long[] {0, -amount} : new long[] {p - amount, -p});
            } else if (roll < 55) {
              PrepareResult r = own.remove(own.size() - 1);
              step(
                  () -> {
                    tracker.reject(r);
                    return new long[] {r.fromClearing(), r.fromPrepaid()};
                  },
                  (c, p) -> new long[] {r.fromClearing(), r.fromPrepaid()});
            } else if (roll < 85) {
              long amount = 1 + rnd.nextInt(60);
              step(
                  () -> {
                    tracker.fulfill(account, amount, BalanceSettings.NONE);
                    return new long[] {amount, 0};
                  },
                  (c, p) -> new long[] {amount, 0});
            } else {
              incoming("k-" + account + "-" + n, rnd.nextInt(80));
            }
          } catch (RuntimeException e) {
            problems.add("operation " + n + " failed: " + e);
          }
        }
        return this;
      };
    }

    private void incoming(String key, long amount) {
      keys.add(key);
      long expectedToClearing = Math.min(amount, Math.max(0, -clearing));
      AccountBalance expectedAfter =
          new AccountBalance(
              account, clearing + expectedToClearing, prepaid + amount - expectedToClearing);
      for (int attempt = 1; ; attempt++) {
        try {
          IncomingSettlementResult r = tracker.incomingSettlement(key, account, amount);
          if (!r.balance().equals(expectedAfter) || r.toClearing() != expectedToClearing) {
            problems.add("incoming " + key + " answered " + r + ", expected " + expectedAfter);
          }
          clearing = expectedAfter.clearingBalance();
          prepaid = expectedAfter.prepaidAmount();
          acknowledged++;
          return;
        } catch (BalanceStoreUnavailableException e) {
          inDoubt++;
          if (attempt > 50) {
            problems.add("incoming " + key + " kept failing: " + e);
            return;
          }
        }
      }
    }

    private void step(Op op, Effect ifApplied) {
      long[] expected = ifApplied.of(clearing, prepaid);
      try {
        long[] d = op.run();
        if (d[0] != expected[0] || d[1] != expected[1]) {
          problems.add(
              "effect " + d[0] + "/" + d[1] + ", expected " + expected[0] + "/" + expected[1]);
        }
        clearing += d[0];
        prepaid += d[1];
        acknowledged++;
      } catch (BalanceStoreUnavailableException e) {
        inDoubt++;
        AccountBalance now = readBack();
        if (now.clearingBalance() == clearing && now.prepaidAmount() == prepaid) {
          return; // not applied
        }
        if (now.clearingBalance() == clearing + expected[0]
            && now.prepaidAmount() == prepaid + expected[1]) {
          inDoubtApplied++;
          clearing += expected[0];
          prepaid += expected[1];
          return;
        }
        problems.add(
            "after an in-doubt operation the balance is "
                + now
                + ", neither "
                + clearing
                + "/"
                + prepaid
                + " nor that plus "
                + expected[0]
                + "/"
                + expected[1]);
      }
    }

    private AccountBalance readBack() {
      for (int attempt = 1; ; attempt++) {
        try {
          return tracker.balance(account);
        } catch (BalanceStoreUnavailableException e) {
          if (attempt > 50) {
            throw e;
          }
        }
      }
    }
  }

  @FunctionalInterface
  private interface Op {
    long[] run();
  }

  @FunctionalInterface
  private interface Effect {
    long[] of(long clearing, long prepaid);
  }
}
