package io.ledgerkit.persistence.balance.postgres.internal;

import io.ledgerkit.persistence.schema.SchemaOptions;

/**
 * The SQL texts of the PostgreSQL balance tracker, with the table names of one {@link
 * SchemaOptions}. Every single operation is one statement: a row lock on the account ({@code FOR
 * UPDATE}), the arithmetic in {@code numeric} (so nothing overflows silently), an {@code INSERT ...
 * ON CONFLICT DO NOTHING} that creates the account on first use and a conditional {@code UPDATE};
 * exactly one of the two applies. When the account (or idempotency key) was created by a concurrent
 * transaction after the statement's snapshot, the statement calls {@code balance_retry()}, which
 * raises SQLSTATE 40001 and so rolls the whole statement back; the tracker retries it.
 *
 * <p>Status codes (also used by the batch function): 0 applied, 1 insufficient balance, 2 would
 * leave the signed 64-bit range.
 */
public final class Sql {

  /** Applied. */
  public static final int OK = 0;

  /** Refused: the net balance would fall below the minimum. */
  public static final int INSUFFICIENT = 1;

  /** Refused: a balance would leave the signed 64-bit range. */
  public static final int OVERFLOW = 2;

  /** Refused: the account row of a pending settlement is missing (the tables were edited). */
  public static final int MISSING_ACCOUNT = 3;

  /** Batch operation code of a prepare. */
  public static final short OP_PREPARE = 1;

  /** Batch operation code of a fulfill. */
  public static final short OP_FULFILL = 2;

  /** Batch operation code of a reject. */
  public static final short OP_REJECT = 3;

  private static final String MAX = "9223372036854775807";
  private static final String MIN = "-9223372036854775808";

  /** Reads one balance. Parameters: account. */
  public final String balance;

  /**
   * Prepares. Parameters: account, amount, min balance (nullable), account, account. Columns:
   * status, clearing, prepaid (before), from prepaid, from clearing.
   */
  public final String prepare;

  /**
   * Fulfills. Parameters: account, amount, threshold (nullable), settle to, account, account,
   * account, settlement key. Columns: status, clearing, prepaid (before), settlement amount,
   * clearing after.
   */
  public final String fulfill;

  /**
   * Rejects. Parameters: account, from prepaid, from clearing, account, account. Columns: status,
   * clearing, prepaid (before), clearing after, prepaid after.
   */
  public final String reject;

  /**
   * Incoming settlement. Parameters: key, account, amount, key, account, account, account. Columns:
   * fresh, status, clearing, prepaid (before), to clearing, to prepaid, clearing after, prepaid
   * after, and the earlier application: account, amount, to clearing, to prepaid, clearing after,
   * prepaid after.
   */
  public final String incoming;

  /**
   * Reads the first application of an idempotency key. Parameters: key. Columns: account, amount,
   * to clearing, to prepaid, clearing after, prepaid after.
   */
  public final String incomingByKey;

  /**
   * Closes a settlement as succeeded. Parameters: account, key, account, key. Columns: amount,
   * status (before).
   */
  public final String settlementSucceeded;

  /**
   * Closes a settlement as failed. Parameters: account, key, account, account, key, account.
   * Columns: amount, status (before), code, clearing, prepaid (before).
   */
  public final String settlementFailed;

  /** Pending settlements of one account, oldest first. Parameters: account. */
  public final String pendingOfAccount;

  /** All pending settlements, oldest first. */
  public final String pendingAll;

  /** Calls the batch function with six arrays. */
  public final String batch;

  /** The qualified name of the accounts table. */
  public final String accountsTable;

  /** The qualified name of the incoming settlements table. */
  public final String incomingTable;

  /** The qualified name of the settlements table. */
  public final String settlementsTable;

  /**
   * Builds the statements for the given table names.
   *
   * @param options the database schema (qualifies every name when set) and table prefix
   */
  public Sql(SchemaOptions options) {
    String q = options.databaseSchema() == null ? "" : options.databaseSchema() + ".";
    String p = q + options.prefix();
    String a = p + "balance_accounts";
    String i = p + "balance_incoming_settlements";
    String s = p + "balance_settlements";
    String retry = p + "balance_retry()";
    this.accountsTable = a;
    this.incomingTable = i;
    this.settlementsTable = s;

    String old = "old AS (SELECT clearing, prepaid FROM " + a + " WHERE account_id = ? FOR UPDATE)";
    String cur =
        "EXISTS (SELECT 1 FROM old) AS existed,"
            + " coalesce((SELECT clearing FROM old), 0)::numeric AS oc,"
            + " coalesce((SELECT prepaid FROM old), 0)::numeric AS op";

    this.balance = "SELECT clearing, prepaid FROM " + a + " WHERE account_id = ?";

    this.prepare =
        "WITH "
            + old
            + ", cur AS (SELECT "
            + cur
            + ", ?::numeric AS amt, ?::numeric AS mn)"
            + ", x AS (SELECT existed, oc, op, amt, mn, least(op, amt) AS fp FROM cur)"
            + ", calc AS (SELECT existed, oc, op, fp, amt - fp AS fc, oc - (amt - fp) AS c,"
            + " op - fp AS p, CASE WHEN mn IS NOT NULL AND oc + op - amt < mn THEN 1"
            + " WHEN oc - (amt - fp) < "
            + MIN
            + " THEN 2 ELSE 0 END AS status FROM x)"
            + ", ins AS (INSERT INTO "
            + a
            + " (account_id, clearing, prepaid) SELECT ?, c, p FROM calc"
            + " WHERE status = 0 AND NOT existed ON CONFLICT (account_id) DO NOTHING RETURNING 1)"
            + ", upd AS (UPDATE "
            + a
            + " t SET clearing = calc.c, prepaid = calc.p FROM calc"
            + " WHERE t.account_id = ? AND calc.status = 0 AND calc.existed RETURNING 1)"
            + " SELECT status, oc::bigint, op::bigint, fp::bigint, fc::bigint,"
            + raced("status = 0", retry)
            + " FROM calc";

    this.fulfill =
        "WITH "
            + old
            + ", cur AS (SELECT "
            + cur
            + ", ?::numeric AS amt, ?::numeric AS thr, ?::numeric AS sto)"
            + ", x AS (SELECT existed, oc, op, oc + amt AS nc, thr, sto FROM cur)"
            + ", y AS (SELECT existed, oc, op, nc, CASE WHEN thr IS NOT NULL AND nc >= thr"
            + " AND nc - sto > 0 THEN nc - sto ELSE 0 END AS sa FROM x)"
            + ", calc AS (SELECT existed, oc, op, sa, nc - sa AS c, op AS p, CASE WHEN nc > "
            + MAX
            + " OR nc + op > "
            + MAX
            + " OR sa > "
            + MAX
            + " THEN 2 ELSE 0 END AS status FROM y)"
            + ", ins AS (INSERT INTO "
            + a
            + " (account_id, clearing, prepaid) SELECT ?, c, p FROM calc"
            + " WHERE status = 0 AND NOT existed ON CONFLICT (account_id) DO NOTHING RETURNING 1)"
            + ", upd AS (UPDATE "
            + a
            + " t SET clearing = calc.c FROM calc"
            + " WHERE t.account_id = ? AND calc.status = 0 AND calc.existed RETURNING 1)"
            + ", st AS (INSERT INTO "
            + s
            + " (account_id, settlement_key, amount) SELECT ?, ?, sa FROM calc"
            + " WHERE status = 0 AND sa > 0"
            + " AND (EXISTS (SELECT 1 FROM ins) OR EXISTS (SELECT 1 FROM upd)) RETURNING 1)"
            + " SELECT status, oc::bigint, op::bigint,"
            + " CASE WHEN status = 0 THEN sa END::bigint, CASE WHEN status = 0 THEN c END::bigint,"
            + raced("status = 0", retry)
            + " FROM calc";

    this.reject =
        "WITH "
            + old
            + ", cur AS (SELECT "
            + cur
            + ", ?::numeric AS fp, ?::numeric AS fc)"
            + ", calc AS (SELECT existed, oc, op, oc + fc AS c, op + fp AS p, CASE WHEN oc + fc > "
            + MAX
            + " OR op + fp > "
            + MAX
            + " OR oc + fc + op + fp > "
            + MAX
            + " THEN 2 ELSE 0 END AS status FROM cur)"
            + ", ins AS (INSERT INTO "
            + a
            + " (account_id, clearing, prepaid) SELECT ?, c, p FROM calc"
            + " WHERE status = 0 AND NOT existed ON CONFLICT (account_id) DO NOTHING RETURNING 1)"
            + ", upd AS (UPDATE "
            + a
            + " t SET clearing = calc.c, prepaid = calc.p FROM calc"
            + " WHERE t.account_id = ? AND calc.status = 0 AND calc.existed RETURNING 1)"
            + " SELECT status, oc::bigint, op::bigint,"
            + " CASE WHEN status = 0 THEN c END::bigint, CASE WHEN status = 0 THEN p END::bigint,"
            + raced("status = 0", retry)
            + " FROM calc";

    this.incoming =
        "WITH prev AS (SELECT account_id, amount, to_clearing, to_prepaid, clearing_after,"
            + " prepaid_after FROM "
            + i
            + " WHERE idempotency_key = ?)"
            + ", old AS (SELECT clearing, prepaid FROM "
            + a
            + " WHERE account_id = ? AND NOT EXISTS (SELECT 1 FROM prev) FOR UPDATE)"
            + ", cur AS (SELECT NOT EXISTS (SELECT 1 FROM prev) AS fresh, "
            + cur
            + ", ?::numeric AS amt)"
            + ", x AS (SELECT fresh, existed, oc, op, amt, least(amt, greatest(0, -oc)) AS tc"
            + " FROM cur)"
            + ", calc AS (SELECT fresh, existed, oc, op, amt, tc, amt - tc AS tp, oc + tc AS c,"
            + " op + amt - tc AS p, CASE WHEN op + amt - tc > "
            + MAX
            + " OR oc + op + amt > "
            + MAX
            + " THEN 2 ELSE 0 END AS status FROM x)"
            + ", k AS (INSERT INTO "
            + i
            + " (idempotency_key, account_id, amount, to_clearing, to_prepaid, clearing_after,"
            + " prepaid_after) SELECT ?, ?, amt, tc, tp, c, p FROM calc WHERE fresh AND status = 0"
            + " ON CONFLICT (idempotency_key) DO NOTHING RETURNING 1)"
            + ", ins AS (INSERT INTO "
            + a
            + " (account_id, clearing, prepaid) SELECT ?, c, p FROM calc"
            + " WHERE fresh AND status = 0 AND NOT existed AND EXISTS (SELECT 1 FROM k)"
            + " ON CONFLICT (account_id) DO NOTHING RETURNING 1)"
            + ", upd AS (UPDATE "
            + a
            + " t SET clearing = calc.c, prepaid = calc.p FROM calc WHERE t.account_id = ?"
            + " AND calc.fresh AND calc.status = 0 AND calc.existed AND EXISTS (SELECT 1 FROM k)"
            + " RETURNING 1)"
            + " SELECT calc.fresh, calc.status, calc.oc::bigint, calc.op::bigint,"
            + " CASE WHEN calc.status = 0 THEN calc.tc END::bigint,"
            + " CASE WHEN calc.status = 0 THEN calc.tp END::bigint,"
            + " CASE WHEN calc.status = 0 THEN calc.c END::bigint,"
            + " CASE WHEN calc.status = 0 THEN calc.p END::bigint,"
            + " prev.account_id, prev.amount, prev.to_clearing, prev.to_prepaid,"
            + " prev.clearing_after, prev.prepaid_after,"
            + raced("calc.fresh AND calc.status = 0", retry)
            + " FROM calc LEFT JOIN prev ON true";

    this.incomingByKey =
        "SELECT account_id, amount, to_clearing, to_prepaid, clearing_after, prepaid_after FROM "
            + i
            + " WHERE idempotency_key = ?";

    this.settlementSucceeded =
        "WITH s AS (SELECT amount, status FROM "
            + s
            + " WHERE account_id = ? AND settlement_key = ? FOR UPDATE)"
            + ", u AS (UPDATE "
            + s
            + " t SET status = 'SUCCEEDED', closed_at = now() FROM s"
            + " WHERE t.account_id = ? AND t.settlement_key = ? AND s.status = 'PENDING'"
            + " RETURNING 1)"
            + " SELECT s.amount, s.status, (SELECT count(*) FROM u) FROM s";

    this.settlementFailed =
        "WITH s AS (SELECT amount, status FROM "
            + s
            + " WHERE account_id = ? AND settlement_key = ? FOR UPDATE)"
            + ", a AS (SELECT clearing, prepaid FROM "
            + a
            + " WHERE account_id = ? AND EXISTS (SELECT 1 FROM s WHERE s.status = 'PENDING')"
            + " FOR UPDATE)"
            + ", calc AS (SELECT s.amount, s.status, a.clearing AS oc, a.prepaid AS op,"
            + " a.clearing::numeric + s.amount AS c,"
            + " CASE WHEN s.status <> 'PENDING' THEN 0 WHEN a.clearing IS NULL THEN 3"
            + " WHEN a.clearing::numeric + s.amount > "
            + MAX
            + " OR a.clearing::numeric + s.amount + a.prepaid > "
            + MAX
            + " THEN 2 ELSE 0 END AS code FROM s LEFT JOIN a ON true)"
            + ", u1 AS (UPDATE "
            + s
            + " t SET status = 'FAILED', closed_at = now() FROM calc"
            + " WHERE t.account_id = ? AND t.settlement_key = ? AND calc.status = 'PENDING'"
            + " AND calc.code = 0 RETURNING 1)"
            + ", u2 AS (UPDATE "
            + a
            + " t SET clearing = calc.c FROM calc WHERE t.account_id = ?"
            + " AND calc.status = 'PENDING' AND calc.code = 0 RETURNING 1)"
            + " SELECT amount, status, code, oc, op, (SELECT count(*) FROM u1),"
            + " (SELECT count(*) FROM u2) FROM calc";

    this.pendingOfAccount =
        "SELECT settlement_key, amount FROM "
            + s
            + " WHERE account_id = ? AND status = 'PENDING' ORDER BY seq";
    this.pendingAll =
        "SELECT account_id, settlement_key, amount FROM "
            + s
            + " WHERE status = 'PENDING' ORDER BY seq";
    this.batch =
        "SELECT r_status, r_clearing, r_prepaid, r_v1, r_v2 FROM "
            + p
            + "balance_apply_batch(?, ?, ?, ?, ?, ?)";
  }

  private static String raced(String applies, String retry) {
    return " CASE WHEN "
        + applies
        + " AND NOT EXISTS (SELECT 1 FROM ins) AND NOT EXISTS (SELECT 1 FROM upd) THEN "
        + retry
        + " ELSE 0 END";
  }
}
