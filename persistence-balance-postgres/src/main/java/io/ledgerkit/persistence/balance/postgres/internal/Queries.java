package io.ledgerkit.persistence.balance.postgres.internal;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldPage;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.SettlementPage;
import io.ledgerkit.persistence.balance.UnknownSettlementException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The tracker's statements other than {@code balance_apply_ops}, each run on one connection and
 * decoded: the reads (balances, holds, journal, pending settlements), the expiry, incoming
 * settlements and settlement closes. The tracker runs them through its {@link RetryExecutor}. Not a
 * public API.
 */
public final class Queries {

  private Queries() {}

  /**
   * Reads one balance (zero when the account has no row).
   *
   * @param c the connection
   * @param sql the statements
   * @param account the account
   * @return the balance
   * @throws SQLException as the driver reports it
   */
  public static AccountBalance balance(Connection c, Sql sql, AccountId account)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.balance)) {
      ps.setString(1, account.value());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return AccountBalance.zero(account);
        }
        return new AccountBalance(account, rs.getLong(1), rs.getLong(2));
      }
    }
  }

  /**
   * Reads one hold in any state.
   *
   * @param c the connection
   * @param sql the statements
   * @param hold the hold
   * @return the hold, or empty
   * @throws SQLException as the driver reports it
   */
  public static Optional<Hold> hold(Connection c, Sql sql, HoldRef hold) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.hold)) {
      ps.setString(1, hold.account().value());
      ps.setString(2, hold.id().value());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(Codec.hold(rs, 1)) : Optional.empty();
      }
    }
  }

  /**
   * Reads the held holds of an account, oldest first.
   *
   * @param c the connection
   * @param sql the statements
   * @param account the account
   * @return the holds
   * @throws SQLException as the driver reports it
   */
  public static List<Hold> holds(Connection c, Sql sql, AccountId account) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.holdsOfAccount)) {
      ps.setString(1, account.value());
      try (ResultSet rs = ps.executeQuery()) {
        List<Hold> out = new ArrayList<>();
        while (rs.next()) {
          out.add(Codec.hold(rs, 1));
        }
        return List.copyOf(out);
      }
    }
  }

  /**
   * Reads one page of all held holds after a creation sequence.
   *
   * @param c the connection
   * @param sql the statements
   * @param after the last sequence of the previous page, 0 for the first
   * @param limit the page size
   * @return the page
   * @throws SQLException as the driver reports it
   */
  public static HoldPage holds(Connection c, Sql sql, long after, int limit) throws SQLException {
    Keyset<Hold> page = keyset(c, sql.holdsPage, after, limit, rs -> Codec.hold(rs, 2));
    return new HoldPage(page.items(), page.next());
  }

  /**
   * Reads one page of all pending settlements after an opening sequence.
   *
   * @param c the connection
   * @param sql the statements
   * @param after the last sequence of the previous page, 0 for the first
   * @param limit the page size
   * @return the page
   * @throws SQLException as the driver reports it
   */
  public static SettlementPage pendingSettlements(Connection c, Sql sql, long after, int limit)
      throws SQLException {
    Keyset<PendingSettlement> page =
        keyset(
            c,
            sql.pendingPage,
            after,
            limit,
            rs -> {
              AccountId account = AccountId.of(rs.getString(2));
              return new PendingSettlement(
                  new SettlementId(account, rs.getObject(3, UUID.class)), account, rs.getLong(4));
            });
    return new SettlementPage(page.items(), page.next());
  }

  /** Reads an item from the current row, after its sequence in column 1. */
  @FunctionalInterface
  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  private record Keyset<T>(List<T> items, String next) {}

  /**
   * One keyset page: the statement takes (after, limit) and returns the sequence in column 1; it is
   * asked for one row more than the limit to learn whether another page follows.
   */
  private static <T> Keyset<T> keyset(Connection c, String query, long after, int limit, Row<T> row)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query)) {
      ps.setLong(1, after);
      ps.setLong(2, (long) limit + 1);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>(Math.min(limit, 1024));
        long last = after;
        boolean more = false;
        while (rs.next()) {
          if (out.size() == limit) {
            more = true;
            break;
          }
          last = rs.getLong(1);
          out.add(row.read(rs));
        }
        return new Keyset<>(out, more ? Long.toString(last) : null);
      }
    }
  }

  /**
   * Calls the expiry function.
   *
   * @param c the connection
   * @param sql the statements
   * @param limit the most holds to release
   * @return the released holds
   * @throws SQLException as the driver reports it
   */
  public static List<Hold> expireHolds(Connection c, Sql sql, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.expireHolds)) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<Hold> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new Hold(
                  AccountId.of(rs.getString(1)),
                  OperationId.of(rs.getString(2)),
                  rs.getLong(3),
                  rs.getLong(4),
                  rs.getLong(5),
                  Instant.ofEpochMilli(rs.getLong(6)),
                  Codec.instant(OpsBatch.nullableLong(rs, 7)),
                  HoldState.EXPIRED,
                  Instant.ofEpochMilli(rs.getLong(8))));
        }
        return List.copyOf(out);
      }
    }
  }

  /**
   * Reads journal entries from a sequence.
   *
   * @param c the connection
   * @param sql the statements
   * @param account the account
   * @param fromSequence the first sequence
   * @param limit the most entries
   * @return the entries
   * @throws SQLException as the driver reports it
   */
  public static List<JournalEntry> journal(
      Connection c, Sql sql, AccountId account, long fromSequence, int limit) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.journal)) {
      ps.setString(1, account.value());
      ps.setLong(2, fromSequence);
      ps.setInt(3, limit);
      try (ResultSet rs = ps.executeQuery()) {
        List<JournalEntry> out = new ArrayList<>(Math.min(limit, 1024));
        while (rs.next()) {
          out.add(Codec.journalEntry(account, rs));
        }
        return List.copyOf(out);
      }
    }
  }

  /**
   * Closes a settlement through the close function.
   *
   * @param c the connection
   * @param sql the statements
   * @param id the settlement
   * @param succeeded {@code true} for succeeded, {@code false} for failed
   * @return the outcome
   * @throws SQLException as the driver reports it
   */
  public static SettlementOutcome closeSettlement(
      Connection c, Sql sql, SettlementId id, boolean succeeded) throws SQLException {
    String account = id.account().value();
    try (PreparedStatement ps = c.prepareStatement(sql.closeSettlement)) {
      ps.setString(1, account);
      ps.setObject(2, id.key());
      ps.setBoolean(3, succeeded);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new UnknownSettlementException(id);
        }
        long amount = rs.getLong(1);
        PendingSettlement s = new PendingSettlement(id, id.account(), amount);
        String status = rs.getString(2);
        int code = rs.getInt(3);
        if (succeeded && "FAILED".equals(status)) {
          throw Codec.closeConflict(id, SettlementOutcome.Status.FAILED, "SUCCEEDED");
        }
        if (!succeeded && "SUCCEEDED".equals(status)) {
          throw Codec.closeConflict(id, SettlementOutcome.Status.SUCCEEDED, "FAILED");
        }
        if ("PENDING".equals(status) && code == Sql.OVERFLOW) {
          throw new BalanceOverflowException(
              id.account(),
              "failed settlement "
                  + id
                  + " of "
                  + amount
                  + " back onto clearing "
                  + rs.getLong(4)
                  + " (prepaid "
                  + rs.getLong(5)
                  + "); it stays pending");
        }
        if ("PENDING".equals(status) && code == Sql.MISSING_ACCOUNT) {
          throw new IllegalStateException(
              "settlement "
                  + id
                  + " is pending but its account has no row in "
                  + sql.accountsTable
                  + "; the balance tables were edited outside the tracker");
        }
        return new SettlementOutcome(
            s, succeeded ? SettlementOutcome.Status.SUCCEEDED : SettlementOutcome.Status.FAILED);
      }
    }
  }

  /**
   * Reads the pending settlements of an account, oldest first.
   *
   * @param c the connection
   * @param sql the statements
   * @param account the account
   * @return the settlements
   * @throws SQLException as the driver reports it
   */
  public static List<PendingSettlement> pendingSettlements(Connection c, Sql sql, AccountId account)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.pendingOfAccount)) {
      ps.setString(1, account.value());
      try (ResultSet rs = ps.executeQuery()) {
        List<PendingSettlement> out = new ArrayList<>();
        while (rs.next()) {
          out.add(
              new PendingSettlement(
                  new SettlementId(account, rs.getObject(1, UUID.class)), account, rs.getLong(2)));
        }
        return List.copyOf(out);
      }
    }
  }

  /**
   * Applies an incoming settlement through its function.
   *
   * @param c the connection
   * @param sql the statements
   * @param idempotencyKey the key
   * @param account the account
   * @param amount the amount
   * @return the result, or the first use of the key
   * @throws SQLException as the driver reports it
   */
  public static IncomingSettlementResult incomingSettlement(
      Connection c, Sql sql, String idempotencyKey, AccountId account, long amount)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.incoming)) {
      ps.setString(1, idempotencyKey);
      ps.setString(2, account.value());
      ps.setLong(3, amount);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return Codec.earlierIncoming(
              idempotencyKey,
              account,
              amount,
              AccountId.of(rs.getString(9)),
              rs.getLong(10),
              rs.getLong(11),
              rs.getLong(12),
              rs.getLong(13),
              rs.getLong(14));
        }
        if (rs.getInt(2) != Sql.OK) {
          throw new BalanceOverflowException(
              account,
              "incoming settlement '"
                  + idempotencyKey
                  + "' of "
                  + amount
                  + " (prepaid "
                  + rs.getLong(4)
                  + ", clearing "
                  + rs.getLong(3)
                  + ")");
        }
        return new IncomingSettlementResult(
            idempotencyKey,
            account,
            amount,
            rs.getLong(5),
            rs.getLong(6),
            new AccountBalance(account, rs.getLong(7), rs.getLong(8)));
      }
    }
  }
}
