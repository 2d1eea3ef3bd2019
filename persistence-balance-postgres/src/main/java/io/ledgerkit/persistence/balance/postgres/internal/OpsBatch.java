package io.ledgerkit.persistence.balance.postgres.internal;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The column arrays of one call of {@code balance_apply_ops}, and the call itself: one statement,
 * one round trip, one commit, every item's row in order. Not a public API.
 */
public final class OpsBatch {

  /**
   * One item's answer.
   *
   * @param status the {@link Sql} status code
   * @param clearing clearing after (applied), recorded (replay, resolution) or current (refusal)
   * @param prepaid prepaid, likewise
   * @param v1 prepare and holds: from prepaid; fulfill: settlement amount
   * @param v2 prepare and holds: from clearing
   * @param key fulfill: the settlement's key, if any
   * @param kind the operation record met: {@code P} or {@code F}, or {@code null}
   * @param amount the record's amount
   * @param min the record's minimum balance
   * @param state the record's (or hold's) state
   * @param created the record's creation, epoch millis
   * @param expires the hold's expiry, epoch millis
   * @param resolved the hold's resolution, epoch millis
   * @param now the store's time of the call, epoch millis
   */
  public record Row(
      int status,
      long clearing,
      long prepaid,
      Long v1,
      Long v2,
      UUID key,
      String kind,
      Long amount,
      Long min,
      String state,
      Long created,
      Long expires,
      Long resolved,
      long now) {}

  private final int size;
  private final Short[] ops;
  private final String[] accounts;
  private final Long[] amounts;
  private final Long[] arg1;
  private final Long[] arg2;
  private final UUID[] keys;
  private final String[] ids;
  private final Long[] expires;
  private boolean identified = true;
  private int next;

  /**
   * Creates an empty batch.
   *
   * @param size the number of items it will get
   */
  public OpsBatch(int size) {
    this.size = size;
    this.ops = new Short[size];
    this.accounts = new String[size];
    this.amounts = new Long[size];
    this.arg1 = new Long[size];
    this.arg2 = new Long[size];
    this.keys = new UUID[size];
    this.ids = new String[size];
    this.expires = new Long[size];
  }

  /**
   * Adds an item.
   *
   * @param op the operation code
   * @param account the account
   * @param amount the amount, or {@code null}
   * @param a1 the first argument
   * @param a2 the second argument
   * @param key the settlement key
   * @param id the operation id, or {@code null}
   * @param expiresAt the expiry in epoch millis, or {@code null}
   * @return this batch
   */
  public OpsBatch add(
      short op,
      AccountId account,
      Long amount,
      Long a1,
      Long a2,
      UUID key,
      String id,
      Long expiresAt) {
    ops[next] = op;
    accounts[next] = account.value();
    amounts[next] = amount;
    arg1[next] = a1;
    arg2[next] = a2;
    keys[next] = key;
    ids[next] = id;
    expires[next] = expiresAt;
    identified &= id != null;
    next++;
    return this;
  }

  /**
   * Adds a prepare.
   *
   * @param r the request
   * @return this batch
   */
  public OpsBatch addPrepare(PrepareRequest r) {
    return add(
        Sql.OP_PREPARE,
        r.account(),
        r.amount(),
        r.minBalance(),
        null,
        null,
        r.id() == null ? null : r.id().value(),
        Codec.millis(r.expiresAt()));
  }

  /**
   * Adds a fulfill.
   *
   * @param r the request
   * @param settlementId the id of the settlement it creates, if it settles
   * @return this batch
   */
  public OpsBatch addFulfill(FulfillRequest r, SettlementId settlementId) {
    BalanceSettings s = r.settings();
    return add(
        Sql.OP_FULFILL,
        r.account(),
        r.amount(),
        s.settleThreshold(),
        s.settleTo(),
        settlementId.key(),
        r.id() == null ? null : r.id().value(),
        null);
  }

  /**
   * Adds a reject of a prepare's result: by split, or the release of its hold when identified.
   *
   * @param p the prepare's result
   * @return this batch
   */
  public OpsBatch addReject(PrepareResult p) {
    if (p.id() != null) {
      return add(
          Sql.OP_RELEASE_PREPARE, p.account(), p.amount(), null, null, null, p.id().value(), null);
    } else {
      return add(
          Sql.OP_REJECT,
          p.account(),
          p.amount(),
          p.fromPrepaid(),
          p.fromClearing(),
          null,
          null,
          null);
    }
  }

  /**
   * Adds a hold commit or reject.
   *
   * @param op {@link Sql#OP_COMMIT_HOLD} or {@link Sql#OP_REJECT_HOLD}
   * @param h the hold
   * @return this batch
   */
  public OpsBatch addHold(short op, HoldRef h) {
    return add(op, h.account(), null, null, null, null, h.id().value(), null);
  }

  /**
   * The number of items.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * Tells whether every item carries an operation id, so that resending the batch is safe.
   *
   * @return {@code true} when the batch is idempotent
   */
  public boolean idempotent() {
    return identified;
  }

  /**
   * Runs the batch on a connection.
   *
   * @param c the connection
   * @param sql the statements
   * @param description the store's description, for messages
   * @param what what the batch is, for messages
   * @return one row per item, in order
   * @throws SQLException as the driver reports it
   */
  public List<Row> run(Connection c, Sql sql, String description, String what) throws SQLException {
    Array[] arrays = {
      c.createArrayOf("int2", ops),
      c.createArrayOf("varchar", accounts),
      c.createArrayOf("int8", amounts),
      c.createArrayOf("int8", arg1),
      c.createArrayOf("int8", arg2),
      c.createArrayOf("uuid", keys),
      c.createArrayOf("varchar", ids),
      c.createArrayOf("int8", expires)
    };
    try (PreparedStatement ps = c.prepareStatement(sql.applyOps)) {
      for (int i = 0; i < arrays.length; i++) {
        ps.setArray(i + 1, arrays[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<Row> rows = new ArrayList<>(size);
        while (rs.next()) {
          rows.add(
              new Row(
                  rs.getInt(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  nullableLong(rs, 4),
                  nullableLong(rs, 5),
                  rs.getObject(6, UUID.class),
                  rs.getString(7),
                  nullableLong(rs, 8),
                  nullableLong(rs, 9),
                  rs.getString(10),
                  nullableLong(rs, 11),
                  nullableLong(rs, 12),
                  nullableLong(rs, 13),
                  rs.getLong(14)));
        }
        if (rows.size() != size) {
          // The statement ran in auto-commit, so the batch is committed by now: not an
          // SQLException (those are reported as "nothing was applied").
          throw BalanceStoreUnavailableException.inDoubt(
              description
                  + ": balance_apply_ops returned "
                  + rows.size()
                  + " rows for "
                  + what
                  + " of "
                  + size
                  + " items (is the database migrated by another version of the tracker?);"
                  + " the batch may have been applied, every item's outcome is in doubt:"
                  + " reconcile with balance(account)",
              null);
        }
        return rows;
      }
    } finally {
      for (Array a : arrays) {
        a.free();
      }
    }
  }

  /**
   * Reads a nullable {@code bigint} column.
   *
   * @param rs the result set
   * @param column the column
   * @return the value or {@code null}
   * @throws SQLException as the driver reports it
   */
  public static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }
}
