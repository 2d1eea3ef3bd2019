package io.ledgerkit.persistence.balance.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The batch function's edge cases on the real server: its locks, staged step by step with plain
 * transactions that hold account rows uncommitted (so that an interleaving which used to deadlock
 * happens every time), and a function whose answer does not fit the batch.
 */
class PostgresBalanceTrackerBatchFunctionTest {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  /**
   * Batch A ({@code a, b, c}) finds {@code a} and {@code c} missing while another transaction is
   * creating them; batch B ({@code a, b}) starts once {@code a} exists. The batch function used to
   * lock the existing rows ({@code b}) before creating the missing ones, so A held {@code b} while
   * waiting for {@code c}, B locked {@code a} and waited for {@code b}, and A then needed {@code
   * a}: a deadlock, one batch rolled back (after the server's one-second deadlock timeout). The
   * tracker runs with {@code maxRetries(0)}: a deadlock would surface, not be retried away.
   */
  @Test
  void batchesCreatingAccountsConcurrentlyDoNotDeadlock(TestDatabase db) throws Exception {
    String app = "lk-lock-" + UUID.randomUUID().toString().substring(0, 8);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    AccountId a = AccountId.of("lo-a-" + suffix);
    AccountId b = AccountId.of("lo-b-" + suffix);
    AccountId c = AccountId.of("lo-c-" + suffix);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (PostgresBalanceTracker tracker =
            PostgresBalanceTracker.configure()
                .url(db.jdbcUrl(), db.user(), db.password())
                .applicationName(app)
                .maxRetries(0)
                .runMigration(true)
                .start();
        Connection creatorOfA =
            DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Connection creatorOfC =
            DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        Connection watch = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      tracker.fulfill(b, 100, BalanceSettings.NONE);
      creatorOfA.setAutoCommit(false);
      creatorOfC.setAutoCommit(false);
      insertAccount(creatorOfA, a, 50);
      insertAccount(creatorOfC, c, 70);
      int pidOfC = backendPid(creatorOfC);

      Future<List<Outcome<PrepareResult>>> batchA =
          pool.submit(
              () ->
                  tracker.prepareAll(
                      List.of(
                          PrepareRequest.of(a, 1),
                          PrepareRequest.of(b, 1),
                          PrepareRequest.of(c, 1))));
      awaitTrue(() -> lockWaiters(watch, app) == 1, "batch A waits for the creator of a");
      creatorOfA.commit();
      awaitTrue(
          () -> blockedBy(watch, app, pidOfC), "batch A waits for the creator of c after a exists");

      Future<List<Outcome<PrepareResult>>> batchB =
          pool.submit(
              () -> tracker.prepareAll(List.of(PrepareRequest.of(a, 2), PrepareRequest.of(b, 2))));
      // B either finishes (it waits for nobody) or blocks behind A; give it time to get there.
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!batchB.isDone() && lockWaiters(watch, app) < 2 && System.nanoTime() < until) {
        Thread.sleep(20);
      }
      creatorOfC.commit();

      List<Outcome<PrepareResult>> resultA = batchA.get(30, TimeUnit.SECONDS);
      List<Outcome<PrepareResult>> resultB = batchB.get(30, TimeUnit.SECONDS);
      assertThat(resultA).as("batch A").allMatch(Outcome::isSuccess);
      assertThat(resultB).as("batch B").allMatch(Outcome::isSuccess);
      assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 47, 0));
      assertThat(tracker.balance(b)).isEqualTo(new AccountBalance(b, 97, 0));
      assertThat(tracker.balance(c)).isEqualTo(new AccountBalance(c, 69, 0));
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * A batch function that answers with fewer rows than items (a function from another library
   * version, say) has still committed the batch: the error must say the outcome is in doubt, never
   * that nothing was applied, or a caller would prepare again.
   */
  @Test
  void aBatchWhoseResultsCannotBeReadIsInDoubtNotUnapplied(TestDatabase db) throws Exception {
    AccountId a = AccountId.of("short-" + UUID.randomUUID().toString().substring(0, 8));
    try (PostgresBalanceTracker tracker =
            PostgresBalanceTracker.configure()
                .url(db.jdbcUrl(), db.user(), db.password())
                .runMigration(true)
                .start();
        Connection admin = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        java.sql.Statement st = admin.createStatement()) {
      String sig =
          "(smallint[], varchar[], bigint[], bigint[], bigint[], uuid[], varchar[], bigint[])";
      st.execute("ALTER FUNCTION balance_apply_ops" + sig + " RENAME TO balance_apply_real");
      st.execute(
          "CREATE FUNCTION balance_apply_ops(a smallint[], b varchar[], c bigint[], d bigint[],"
              + " e bigint[], f uuid[], g varchar[], h bigint[]) RETURNS TABLE (r_status smallint,"
              + " r_clearing bigint, r_prepaid bigint, r_v1 bigint, r_v2 bigint, r_key uuid,"
              + " r_kind char(1), r_amount bigint, r_min bigint, r_state varchar,"
              + " r_created bigint, r_expires bigint, r_resolved bigint, r_now bigint)"
              + " LANGUAGE sql AS $$"
              + " WITH r AS MATERIALIZED (SELECT * FROM balance_apply_real(a, b, c, d, e, f, g, h))"
              + " SELECT * FROM r LIMIT 1 $$");
      assertThatThrownBy(
              () -> tracker.prepareAll(List.of(PrepareRequest.of(a, 3), PrepareRequest.of(a, 4))))
          .isInstanceOf(BalanceStoreUnavailableException.class)
          .hasMessageContaining("in doubt")
          .message()
          .doesNotContain("nothing was applied");
      assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, -7, 0));
    }
  }

  private static void insertAccount(Connection conn, AccountId account, long clearing)
      throws SQLException {
    try (PreparedStatement ps =
        conn.prepareStatement(
            "INSERT INTO balance_accounts (account_id, clearing, prepaid) VALUES (?, ?, 0)")) {
      ps.setString(1, account.value());
      ps.setLong(2, clearing);
      ps.executeUpdate();
    }
  }

  private static int backendPid(Connection conn) throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement("SELECT pg_backend_pid()");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static int lockWaiters(Connection watch, String app) throws SQLException {
    try (PreparedStatement ps =
        watch.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?"
                + " AND wait_event_type = 'Lock'")) {
      ps.setString(1, app);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static boolean blockedBy(Connection watch, String app, int pid) throws SQLException {
    try (PreparedStatement ps =
        watch.prepareStatement(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?"
                + " AND ? = ANY (pg_blocking_pids(pid))")) {
      ps.setString(1, app);
      ps.setInt(2, pid);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) > 0;
      }
    }
  }

  private interface Check {
    boolean test() throws Exception;
  }

  private static void awaitTrue(Check check, String what) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!check.test()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(10);
    }
  }
}
