package io.ledgerkit.persistence.balance.postgres.internal;

import io.ledgerkit.persistence.schema.SchemaOptions;

/**
 * The SQL texts of the PostgreSQL balance tracker, with the table names of one {@link
 * SchemaOptions}. Every change is one call of a server-side function, in auto-commit: {@code
 * balance_apply_ops} (prepares, fulfills, rejects and hold resolutions, singly or in batches),
 * {@code balance_expire_holds}, {@code balance_incoming} and {@code balance_close_settlement}. Each
 * locks the accounts it changes (in id order), appends their journal entries and bumps their
 * journal sequence in the same transaction. Reads are plain queries. Times are the store's clock as
 * epoch milliseconds.
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

  /** An identified operation already applied: the stored first result. */
  public static final int REPLAY = 4;

  /** The operation id names another request, or the hold is in a state that forbids the call. */
  public static final int CONFLICT = 5;

  /** An identified prepare whose expiry is not after the store's time: no hold was made. */
  public static final int PREPARE_EXPIRED = 6;

  /** No hold with that account and operation id. */
  public static final int UNKNOWN_HOLD = 7;

  /** A commit of a hold past its expiry: the hold is (now or earlier) released as expired. */
  public static final int HOLD_EXPIRED = 8;

  /** Operation code of a prepare. */
  public static final short OP_PREPARE = 1;

  /** Operation code of a fulfill. */
  public static final short OP_FULFILL = 2;

  /** Operation code of a reject by split (an unidentified prepare's result). */
  public static final short OP_REJECT = 3;

  /** Operation code of a hold commit. */
  public static final short OP_COMMIT_HOLD = 4;

  /** Operation code of a hold reject by reference. */
  public static final short OP_REJECT_HOLD = 5;

  /** Operation code of a hold reject by an identified prepare's result (amounts must match). */
  public static final short OP_RELEASE_PREPARE = 6;

  private static final String NOW_MILLIS = "floor(extract(epoch FROM clock_timestamp()) * 1000)";

  /** The columns of a hold, in the order {@code Codec.hold(ResultSet, int)} reads them. */
  private static final String HOLD_COLUMNS =
      "account_id, operation_id, amount, from_prepaid, from_clearing, created_at, expires_at,"
          + " state, resolved_at";

  /** Reads one balance. Parameters: account. */
  public final String balance;

  /** Calls {@code balance_apply_ops} with eight arrays. */
  public final String applyOps;

  /** Calls {@code balance_expire_holds}. Parameters: limit. */
  public final String expireHolds;

  /** Calls {@code balance_incoming}. Parameters: key, account, amount. */
  public final String incoming;

  /** Calls {@code balance_close_settlement}. Parameters: account, key, succeeded. */
  public final String closeSettlement;

  /** Pending settlements of one account, oldest first. Parameters: account. */
  public final String pendingOfAccount;

  /**
   * A page of all pending settlements by keyset on their opening sequence, through the partial
   * index {@code balance_settlements_pending_seq_ix}. Parameters: after sequence, limit. Columns:
   * seq, account, key, amount.
   */
  public final String pendingPage;

  /** One hold in any state. Parameters: account, operation id. */
  public final String hold;

  /** The held holds of one account, oldest first. Parameters: account. */
  public final String holdsOfAccount;

  /** A page of all held holds by keyset. Parameters: after sequence, limit. Columns: seq, hold. */
  public final String holdsPage;

  /** Journal entries from a sequence. Parameters: account, from, limit. */
  public final String journal;

  /** Deletes resolved operation records older than a retention. Parameters: millis, chunk. */
  public final String trimOperations;

  /** Deletes journal entries older than an age. Parameters: millis, chunk. */
  public final String trimJournalAge;

  /**
   * Accounts by keyset, for the journal length trim. Parameters: after account, chunk. Columns:
   * account, journal sequence.
   */
  public final String journalAccounts;

  /**
   * Deletes journal entries below a per-account sequence. Parameters: accounts array, first kept
   * sequence array.
   */
  public final String trimJournalCount;

  /** The qualified name of the accounts table. */
  public final String accountsTable;

  /**
   * Builds the statements for the given table names.
   *
   * @param options the database schema (qualifies every name when set) and table prefix
   */
  public Sql(SchemaOptions options) {
    String q = options.databaseSchema() == null ? "" : options.databaseSchema() + ".";
    String p = q + options.prefix();
    String a = p + "balance_accounts";
    String s = p + "balance_settlements";
    String o = p + "balance_operations";
    String j = p + "balance_journal";
    this.accountsTable = a;

    this.balance = "SELECT clearing, prepaid FROM " + a + " WHERE account_id = ?";
    this.applyOps =
        "SELECT r_status, r_clearing, r_prepaid, r_v1, r_v2, r_key, r_kind, r_amount, r_min,"
            + " r_state, r_created, r_expires, r_resolved, r_now FROM "
            + p
            + "balance_apply_ops(?, ?, ?, ?, ?, ?, ?, ?)";
    this.expireHolds =
        "SELECT r_account, r_id, r_amount, r_fp, r_fc, r_created, r_expires, r_resolved FROM "
            + p
            + "balance_expire_holds(?)";
    this.incoming =
        "SELECT r_fresh, r_status, r_clearing, r_prepaid, r_tc, r_tp, r_c, r_p, r_prev_account,"
            + " r_prev_amount, r_prev_tc, r_prev_tp, r_prev_c, r_prev_p FROM "
            + p
            + "balance_incoming(?, ?, ?)";
    this.closeSettlement =
        "SELECT r_amount, r_status, r_code, r_clearing, r_prepaid FROM "
            + p
            + "balance_close_settlement(?, ?, ?)";
    this.pendingOfAccount =
        "SELECT settlement_key, amount FROM "
            + s
            + " WHERE account_id = ? AND status = 'PENDING' ORDER BY seq";
    this.pendingPage =
        "SELECT seq, account_id, settlement_key, amount FROM "
            + s
            + " WHERE status = 'PENDING' AND seq > ? ORDER BY seq LIMIT ?";
    this.hold =
        "SELECT "
            + HOLD_COLUMNS
            + " FROM "
            + o
            + " WHERE account_id = ? AND operation_id = ? AND kind = 'P'";
    this.holdsOfAccount =
        "SELECT "
            + HOLD_COLUMNS
            + " FROM "
            + o
            + " WHERE account_id = ? AND state = 'HELD' ORDER BY seq";
    this.holdsPage =
        "SELECT seq, "
            + HOLD_COLUMNS
            + " FROM "
            + o
            + " WHERE state = 'HELD' AND seq > ? ORDER BY seq LIMIT ?";
    this.journal =
        "SELECT seq, kind, reference, clearing_delta, prepaid_delta, clearing_after,"
            + " prepaid_after, at FROM "
            + j
            + " WHERE account_id = ? AND seq >= ? ORDER BY seq LIMIT ?";
    this.trimOperations =
        "DELETE FROM "
            + o
            + " WHERE (account_id, operation_id) IN (SELECT account_id, operation_id FROM "
            + o
            + " WHERE state <> 'HELD' AND resolved_at < "
            + NOW_MILLIS
            + " - ? LIMIT ?)";
    this.trimJournalAge =
        "DELETE FROM "
            + j
            + " WHERE (account_id, seq) IN (SELECT account_id, seq FROM "
            + j
            + " WHERE at < "
            + NOW_MILLIS
            + " - ? LIMIT ?)";
    this.journalAccounts =
        "SELECT account_id, journal_seq FROM "
            + a
            + " WHERE account_id > ? ORDER BY account_id LIMIT ?";
    this.trimJournalCount =
        "DELETE FROM "
            + j
            + " t USING unnest(?::varchar[], ?::bigint[]) AS u(id, keep) WHERE t.account_id = u.id"
            + " AND t.seq < u.keep";
  }
}
