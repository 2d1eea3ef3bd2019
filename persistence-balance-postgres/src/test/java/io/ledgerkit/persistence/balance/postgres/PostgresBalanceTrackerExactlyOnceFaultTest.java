package io.ledgerkit.persistence.balance.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.HoldExpiredException;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.JournalKind;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13, item 4 (b): exactly once under faults on PostgreSQL. Eight threads run thousands of
 * identified prepares, commits, rejects and fulfills (single and batched, some holds expiring, an
 * expiry caller racing them) over four hot accounts, while the test terminates the tracker's own
 * backends ({@code pg_terminate_backend}, by the pool's {@code application_name}) and swallows
 * replies of committed statements (a proxy of the test's own in front of the server). Every call
 * that fails with {@link BalanceStoreUnavailableException} is retried with the same id until it
 * answers. Afterwards every account's balance equals an independent model built from the
 * acknowledged answers only, its journal is complete and sums to it, and every operation is in the
 * journal exactly once: 0 lost, 0 doubled, 0 in doubt.
 *
 * <p>The same run without ids (retrying blindly, as an at-most-once caller cannot avoid) applies
 * operations twice: {@link #withoutIdsTheSameRunAppliesOperationsTwice} shows that this test's
 * checks catch it.
 */
class PostgresBalanceTrackerExactlyOnceFaultTest {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  private static final int THREADS = 8;
  private static final int ACCOUNTS = 4;
  private static final int OPS_PER_THREAD = 300;
  private static final long SEED = 500_000;
  private static final Pattern HOST_PORT = Pattern.compile("^jdbc:postgresql://([^:/?]+):(\\d+)/");

  @Test
  void identifiedOperationsApplyExactlyOnceWhileBackendsDieAndRepliesAreLost(TestDatabase db)
      throws Exception {
    Run run = new Run(db, true);
    Result r = run.execute();
    System.out.printf(
        "exactly-once fault run (ids): %d logical operations, %d calls, %d retries after"
            + " BalanceStoreUnavailableException, %d backends terminated, %d replies swallowed,"
            + " %d journal entries; lost %d, doubled %d, in doubt %d, unexpected %d%n",
        r.logical,
        r.calls,
        r.retries,
        r.terminated,
        r.dropped,
        r.journalEntries,
        r.lost,
        r.doubled,
        r.inDoubt,
        r.unexpected);
    assertThat(r.terminated).as("backends terminated").isPositive();
    assertThat(r.dropped).as("replies swallowed after the commit").isPositive();
    assertThat(r.retries).as("calls retried with the same id by the caller").isPositive();
    assertThat(r.inDoubt).as("operations left in doubt").isZero();
    assertThat(r.lost).as("acknowledged operations missing from the journal").isZero();
    assertThat(r.doubled).as("operations applied more than once").isZero();
    assertThat(r.unexpected).as("journal entries no acknowledged answer explains").isZero();
    assertThat(r.balanceMismatches).as("balances that differ from the model").isEmpty();
    assertThat(r.journalSumMismatches).as("journals that do not sum to the balance").isEmpty();
  }

  /**
   * The same run with no ids: a retry after a lost reply applies the operation again, and the
   * checks of the run above see it (balances off the model, more journal entries than acknowledged
   * operations). This is what makes the test above able to fail.
   */
  @Test
  void withoutIdsTheSameRunAppliesOperationsTwice(TestDatabase db) throws Exception {
    Run run = new Run(db, false);
    Result r = run.execute();
    System.out.printf(
        "exactly-once fault run (no ids): %d logical operations, %d calls, %d retries, %d"
            + " backends terminated, %d replies swallowed, %d journal entries; lost %d, doubled %d,"
            + " balances off the model: %s%n",
        r.logical,
        r.calls,
        r.retries,
        r.terminated,
        r.dropped,
        r.journalEntries,
        r.lost,
        r.doubled,
        r.balanceMismatches);
    assertThat(r.dropped).as("replies swallowed after the commit").isPositive();
    assertThat(r.doubled).as("operations applied twice without ids").isPositive();
    assertThat(r.balanceMismatches).as("balances that differ from the model").isNotEmpty();
  }

  /** What a run found. */
  private static final class Result {
    long logical;
    long calls;
    long retries;
    long inDoubt;
    int terminated;
    int dropped;
    long journalEntries;
    long lost;
    long doubled;
    long unexpected;
    final List<String> balanceMismatches = new ArrayList<>();
    final List<String> journalSumMismatches = new ArrayList<>();
  }

  /** One run of the workload, with or without ids. */
  private static final class Run {
    private final TestDatabase db;
    private final boolean ids;
    private final String tag = UUID.randomUUID().toString().substring(0, 8);
    private final String app = "lk-eo-" + tag;
    private final AccountId[] accounts = new AccountId[ACCOUNTS];

    Run(TestDatabase db, boolean ids) {
      this.db = db;
      this.ids = ids;
      for (int i = 0; i < ACCOUNTS; i++) {
        accounts[i] = AccountId.of("eo-hot-" + i + "-" + tag);
      }
    }

    Result execute() throws Exception {
      Matcher m = HOST_PORT.matcher(db.jdbcUrl());
      assertThat(m.find()).as("host and port in %s", db.jdbcUrl()).isTrue();
      Result result = new Result();
      try (PostgresBalanceTracker setup =
              PostgresBalanceTracker.configure()
                  .url(db.jdbcUrl(), db.user(), db.password())
                  .runMigration(true)
                  .start();
          ReplyDroppingProxy proxy =
              new ReplyDroppingProxy(m.group(1), Integer.parseInt(m.group(2)));
          PostgresBalanceTracker tracker =
              PostgresBalanceTracker.configure()
                  .url(
                      m.replaceFirst("jdbc:postgresql://127.0.0.1:" + proxy.port() + "/"),
                      db.user(),
                      db.password())
                  .applicationName(app)
                  .maximumPoolSize(THREADS + 1)
                  .connectionTimeout(Duration.ofSeconds(10))
                  .start()) {
        Model model = new Model();
        for (AccountId a : accounts) {
          IncomingSettlementResult seed = setup.incomingSettlement("seed-" + a, a, 10_000);
          model.add(a, seed.toClearing(), seed.toPrepaid());
          model.expect(a, "INCOMING_SETTLEMENT", "seed-" + a);
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger terminated = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
        try {
          CountDownLatch start = new CountDownLatch(1);
          List<Future<Worker>> workers = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            Worker w = new Worker(tracker, t, SEED + t);
            workers.add(pool.submit(w.loop(start)));
          }
          Future<?> faults =
              pool.submit(
                  () -> {
                    start.await();
                    Random rnd = new Random(SEED);
                    int tick = 0;
                    while (!stop.get()) {
                      Thread.sleep(40 + rnd.nextInt(40));
                      proxy.dropNextReply();
                      tick++;
                      if (tick % 10 == 5) {
                        // a short outage: the tracker's own retry fails too, so callers surely
                        // see BalanceStoreUnavailableException and retry with the same id
                        proxy.blackout(300);
                        Thread.sleep(300);
                      }
                      if (tick % 3 == 0) {
                        // every backend of the pool at once, now and then: the tracker's own
                        // retry on a new connection then meets a dead one too, and the caller
                        // retries with the same id
                        terminated.addAndGet(terminate(db, app, tick % 12 == 0 ? 1000 : 1));
                      }
                    }
                    return null;
                  });
          Future<?> expirer =
              pool.submit(
                  () -> {
                    start.await();
                    while (!stop.get()) {
                      Thread.sleep(30);
                      if (ids) {
                        try {
                          tracker.expireHolds(100);
                        } catch (BalanceStoreUnavailableException e) {
                          // the next round releases what this one may not have
                        }
                      }
                    }
                    return null;
                  });
          start.countDown();
          for (Future<Worker> f : workers) {
            Worker w = f.get(10, TimeUnit.MINUTES);
            result.logical += w.logical;
            result.calls += w.calls;
            result.retries += w.retries;
            result.inDoubt += w.inDoubt;
            model.merge(w.model);
          }
          stop.set(true);
          faults.get(30, TimeUnit.SECONDS);
          expirer.get(30, TimeUnit.SECONDS);
        } finally {
          stop.set(true);
          pool.shutdownNow();
          assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        result.terminated = terminated.get();
        result.dropped = proxy.dropped();
        check(setup, model, result);
      }
      return result;
    }

    /** Compares the store (read through a tracker without faults) with the model. */
    private void check(PostgresBalanceTracker t, Model model, Result result) {
      for (AccountId a : accounts) {
        AccountBalance b = t.balance(a);
        long[] expected = model.balances.getOrDefault(a, new long[2]);
        if (b.clearingBalance() != expected[0] || b.prepaidAmount() != expected[1]) {
          result.balanceMismatches.add(
              a + ": store " + b + ", model " + expected[0] + "/" + expected[1]);
        }
        List<JournalEntry> journal = new ArrayList<>();
        long from = 1;
        while (true) {
          List<JournalEntry> page = t.journal(a, from, 1000);
          journal.addAll(page);
          if (page.size() < 1000) {
            break;
          }
          from = page.get(page.size() - 1).sequence() + 1;
        }
        result.journalEntries += journal.size();
        long c = 0;
        long p = 0;
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < journal.size(); i++) {
          JournalEntry e = journal.get(i);
          assertThat(e.sequence()).as("journal sequence of %s", a).isEqualTo(i + 1);
          c += e.clearingDelta();
          p += e.prepaidDelta();
          seen.merge(e.kind() + " " + e.reference(), 1, Integer::sum);
        }
        if (c != b.clearingBalance() || p != b.prepaidAmount()) {
          result.journalSumMismatches.add(a + ": journal " + c + "/" + p + ", balance " + b);
        }
        Map<String, Integer> expectedEntries = model.entries.getOrDefault(a, Map.of());
        for (Map.Entry<String, Integer> e : expectedEntries.entrySet()) {
          int found = seen.getOrDefault(e.getKey(), 0);
          if (found < e.getValue()) {
            result.lost += e.getValue() - found;
          } else if (found > e.getValue()) {
            result.doubled += found - e.getValue();
          }
        }
        for (Map.Entry<String, Integer> e : seen.entrySet()) {
          if (!expectedEntries.containsKey(e.getKey())) {
            result.unexpected += e.getValue();
          }
        }
      }
    }

    /** One worker's calls, each retried with the same request until it answers. */
    private final class Worker {
      private final PostgresBalanceTracker tracker;
      private final int thread;
      private final Random rnd;
      final Model model = new Model();
      long logical;
      long calls;
      long retries;
      long inDoubt;
      long expiredPrepares;

      Worker(PostgresBalanceTracker tracker, int thread, long seed) {
        this.tracker = tracker;
        this.thread = thread;
        this.rnd = new Random(seed);
      }

      Callable<Worker> loop(CountDownLatch start) {
        return () -> {
          start.await();
          for (int i = 0; i < OPS_PER_THREAD; i++) {
            logical++;
            AccountId a = accounts[rnd.nextInt(ACCOUNTS)];
            int pick = rnd.nextInt(100);
            if (pick < 55) {
              packet(a, "p" + thread + "-" + i);
            } else if (pick < 85) {
              fulfill(a, "f" + thread + "-" + i);
            } else {
              batch("b" + thread + "-" + i);
            }
          }
          return this;
        };
      }

      private void packet(AccountId a, String name) {
        long amount = 1 + rnd.nextInt(50);
        PrepareRequest r = PrepareRequest.of(a, amount);
        if (ids) {
          r = r.withId(OperationId.of(name));
          if (rnd.nextInt(5) == 0) {
            r = r.expiringAt(Instant.now().plusMillis(20 + rnd.nextInt(200)));
          }
        }
        PrepareRequest request = r;
        PrepareResult p;
        try {
          p = answered(() -> tracker.prepare(request));
        } catch (HoldExpiredException e) {
          // retried past its expiry, never applied before: an answer, and no hold was made
          assertThat(e.hold()).isNull();
          expiredPrepares++;
          return;
        }
        prepared(a, p);
        int how = rnd.nextInt(4);
        if (!ids) {
          if (how < 2) {
            answered(() -> tracker.reject(p));
            released(a, p);
          }
          return;
        }
        HoldRef ref = p.hold().orElseThrow();
        if (how < 2) {
          commit(a, p, ref);
          if (rnd.nextInt(10) == 0) {
            commit(a, null, ref); // a deliberate repeat: a replay, or the expiry again
          }
        } else if (how == 2) {
          HoldResult res = answered(() -> tracker.reject(ref));
          assertThat(res.hold().state().released()).isTrue();
          released(a, p);
          if (res.hold().state() == io.ledgerkit.persistence.balance.HoldState.EXPIRED) {
            model.expectRelease(a, "EXPIRY", name);
          } else {
            model.expectRelease(a, "REJECT", name);
          }
        } else {
          answered(() -> tracker.reject(p));
          // reject(PrepareResult) of a hold answers with the balance only: ask the hold how
          HoldResult res = answered(() -> tracker.reject(ref));
          assertThat(res.replayed()).isTrue();
          released(a, p);
          model.expectRelease(
              a,
              res.hold().state() == io.ledgerkit.persistence.balance.HoldState.EXPIRED
                  ? "EXPIRY"
                  : "REJECT",
              name);
        }
      }

      /** Commits; {@code p} is null for a deliberate repeat (already counted). */
      private void commit(AccountId a, PrepareResult p, HoldRef ref) {
        try {
          HoldResult res = answered(() -> tracker.commit(ref));
          if (p != null) {
            assertThat(res.hold().state())
                .isEqualTo(io.ledgerkit.persistence.balance.HoldState.COMMITTED);
            model.expectRelease(a, "COMMIT", ref.id().value());
          } else {
            assertThat(res.replayed()).isTrue();
          }
        } catch (HoldExpiredException e) {
          if (p != null) {
            released(a, p);
            model.expectRelease(a, "EXPIRY", ref.id().value());
          }
        }
      }

      private void fulfill(AccountId a, String name) {
        long amount = 1 + rnd.nextInt(50);
        FulfillRequest r = FulfillRequest.of(a, amount);
        FulfillRequest request = ids ? r.withId(OperationId.of(name)) : r;
        answered(() -> tracker.fulfill(request));
        model.add(a, amount, 0);
        model.expect(a, "FULFILL", ids ? name : "null");
      }

      private void batch(String name) {
        List<PrepareRequest> rs = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
          PrepareRequest r =
              PrepareRequest.of(accounts[rnd.nextInt(ACCOUNTS)], 1 + rnd.nextInt(20));
          rs.add(ids ? r.withId(OperationId.of(name + "-" + k)) : r);
        }
        if (ids) {
          rs.add(rs.get(0)); // a repeated id in the batch: the later item is a replay
        }
        List<Outcome<PrepareResult>> out = answered(() -> tracker.prepareAll(rs));
        List<HoldRef> refs = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
          PrepareResult p = out.get(k).get();
          prepared(p.account(), p);
          p.hold().ifPresent(refs::add);
        }
        if (!ids) {
          return;
        }
        assertThat(out.get(3).get().replayed()).isTrue();
        List<Outcome<HoldResult>> committed = answered(() -> tracker.commitHolds(refs));
        for (int k = 0; k < 3; k++) {
          HoldResult res = committed.get(k).get();
          AccountId a = refs.get(k).account();
          assertThat(res.hold().state())
              .isEqualTo(io.ledgerkit.persistence.balance.HoldState.COMMITTED);
          model.expectRelease(a, "COMMIT", refs.get(k).id().value());
        }
      }

      private void prepared(AccountId a, PrepareResult p) {
        model.add(a, -p.fromClearing(), -p.fromPrepaid());
        model.expect(a, "PREPARE", p.id() == null ? "null" : p.id().value());
      }

      private void released(AccountId a, PrepareResult p) {
        model.add(a, p.fromClearing(), p.fromPrepaid());
        if (p.id() == null) {
          model.expect(a, "REJECT", "null");
        }
      }

      /** Calls until the store answers; a retry repeats the same request (the same id). */
      private <T> T answered(Supplier<T> call) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
          calls++;
          try {
            return call.get();
          } catch (BalanceStoreUnavailableException e) {
            retries++;
            if (System.nanoTime() > deadline) {
              inDoubt++;
              throw e;
            }
            try {
              Thread.sleep(2);
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
              throw e;
            }
          }
        }
      }
    }
  }

  /** The balances and journal entries the acknowledged answers imply. */
  private static final class Model {
    final Map<AccountId, long[]> balances = new HashMap<>();
    final Map<AccountId, Map<String, Integer>> entries = new HashMap<>();

    void add(AccountId a, long clearing, long prepaid) {
      long[] b = balances.computeIfAbsent(a, k -> new long[2]);
      b[0] += clearing;
      b[1] += prepaid;
    }

    void expect(AccountId a, String kind, String reference) {
      entries
          .computeIfAbsent(a, k -> new HashMap<>())
          .merge(kind + " " + reference, 1, Integer::sum);
    }

    void expectRelease(AccountId a, String kind, String reference) {
      expect(a, JournalKind.valueOf(kind).name(), reference);
    }

    void merge(Model other) {
      other.balances.forEach((a, b) -> add(a, b[0], b[1]));
      other.entries.forEach(
          (a, m) ->
              m.forEach(
                  (k, v) ->
                      entries.computeIfAbsent(a, x -> new HashMap<>()).merge(k, v, Integer::sum)));
    }
  }

  private static int terminate(TestDatabase db, String applicationName, int most)
      throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM (SELECT pid FROM"
                    + " pg_stat_activity WHERE application_name = '"
                    + applicationName
                    + "' AND pid <> pg_backend_pid() ORDER BY random() LIMIT "
                    + most
                    + ") x")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
