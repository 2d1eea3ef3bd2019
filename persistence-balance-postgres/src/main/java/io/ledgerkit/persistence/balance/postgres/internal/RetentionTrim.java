package io.ledgerkit.persistence.balance.postgres.internal;

import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.balance.postgres.internal.RetryExecutor.Kind;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The tracker's retention trim: resolved operation records older than {@link
 * Retention#operations()}, journal entries older than {@link Retention#journalAge()}, and each
 * account's journal beyond {@link Retention#journalEntries()}, deleted in chunks of short
 * statements that take no account lock and touch only rows that can no longer change. Not a public
 * API.
 */
public final class RetentionTrim {

  /** Rows deleted per statement. */
  private static final int TRIM_CHUNK = 5_000;

  /** Accounts examined per statement by the journal length trim. */
  private static final int TRIM_ACCOUNTS = 1_000;

  private RetentionTrim() {}

  /**
   * Deletes, in short auto-commit statements, the operation records and journal entries the
   * retention no longer keeps.
   *
   * @param executor runs each statement with the tracker's rules
   * @param sql the statements
   * @param retention the retention
   * @return {operation records deleted, journal entries deleted}
   */
  public static long[] run(RetryExecutor executor, Sql sql, Retention retention) {
    long ops = 0;
    long journal = 0;
    long opsMillis = retention.operations().toMillis();
    while (true) {
      int n =
          executeUpdate(
              executor, "trimming operation records older than", opsMillis, sql.trimOperations);
      ops += n;
      if (n < TRIM_CHUNK) {
        break;
      }
    }
    if (retention.journalAge() != null) {
      long ageMillis = retention.journalAge().toMillis();
      while (true) {
        int n =
            executeUpdate(
                executor, "trimming journal entries older than", ageMillis, sql.trimJournalAge);
        journal += n;
        if (n < TRIM_CHUNK) {
          break;
        }
      }
    }
    long keep = retention.journalEntries();
    if (keep > 0) {
      String after = "";
      while (true) {
        String from = after;
        Object[] chunk =
            executor.run(
                "trimming journals to " + keep + " entries, accounts after",
                "'" + from + "'",
                Kind.IDEMPOTENT,
                c -> trimJournalChunk(c, sql, from, keep));
        journal += (Long) chunk[1];
        if (chunk[0] == null) {
          break;
        }
        after = (String) chunk[0];
      }
    }
    return new long[] {ops, journal};
  }

  private static int executeUpdate(
      RetryExecutor executor, String what, long millis, String statement) {
    return executor.run(
        what,
        Duration.ofMillis(millis),
        Kind.IDEMPOTENT,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(statement)) {
            ps.setLong(1, millis);
            ps.setInt(2, TRIM_CHUNK);
            return ps.executeUpdate();
          }
        });
  }

  /** Trims the journals of the next chunk of accounts: {last account or null, rows deleted}. */
  private static Object[] trimJournalChunk(Connection c, Sql sql, String after, long keep)
      throws SQLException {
    List<String> ids = new ArrayList<>(TRIM_ACCOUNTS);
    List<Long> keepFrom = new ArrayList<>(TRIM_ACCOUNTS);
    String last = null;
    int seen = 0;
    try (PreparedStatement ps = c.prepareStatement(sql.journalAccounts)) {
      ps.setString(1, after);
      ps.setInt(2, TRIM_ACCOUNTS);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          seen++;
          last = rs.getString(1);
          long seq = rs.getLong(2);
          if (seq > keep) {
            ids.add(last);
            keepFrom.add(seq - keep + 1);
          }
        }
      }
    }
    long deleted = 0;
    if (!ids.isEmpty()) {
      Array idArray = c.createArrayOf("varchar", ids.toArray());
      Array keepArray = c.createArrayOf("int8", keepFrom.toArray());
      try (PreparedStatement ps = c.prepareStatement(sql.trimJournalCount)) {
        ps.setArray(1, idArray);
        ps.setArray(2, keepArray);
        deleted = ps.executeUpdate();
      } finally {
        idArray.free();
        keepArray.free();
      }
    }
    return new Object[] {seen < TRIM_ACCOUNTS ? null : last, deleted};
  }
}
