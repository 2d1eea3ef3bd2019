package io.ledgerkit.persistence.balance.postgres.internal;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldExpiredException;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.JournalKind;
import io.ledgerkit.persistence.balance.OperationConflictException;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.UnknownHoldException;
import io.ledgerkit.persistence.balance.postgres.internal.OpsBatch.Row;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Turns the rows of the tracker's functions and queries into results and refusals, with the same
 * messages as the in-memory reference tracker. Not a public API.
 */
public final class Codec {

  private Codec() {}

  /**
   * The outcome of a prepare.
   *
   * @param r the request
   * @param row its row
   * @return the result or the refusal
   */
  public static Outcome<PrepareResult> prepare(PrepareRequest r, Row row) {
    AccountId account = r.account();
    switch (row.status()) {
      case Sql.OK:
        return Outcome.success(
            new PrepareResult(
                account,
                r.amount(),
                row.v1(),
                row.v2(),
                balance(account, row),
                r.id(),
                r.id() == null ? null : r.expiresAt(),
                false));
      case Sql.REPLAY:
        return Outcome.success(
            new PrepareResult(
                    account,
                    r.amount(),
                    row.v1(),
                    row.v2(),
                    balance(account, row),
                    r.id(),
                    instant(row.expires()),
                    false)
                .asReplay());
      case Sql.CONFLICT:
        return Outcome.failure(reused(account, r.id(), was(row), describe(r)));
      case Sql.PREPARE_EXPIRED:
        return Outcome.failure(
            HoldExpiredException.beforePrepare(
                new HoldRef(account, r.id()), r.expiresAt(), Instant.ofEpochMilli(row.now())));
      case Sql.INSUFFICIENT:
        // the store keeps the sum within 64 bits
        return Outcome.failure(
            new InsufficientBalanceException(
                account, r.amount(), row.clearing() + row.prepaid(), r.minBalance()));
      default:
        long fromClearing = r.amount() - Math.min(row.prepaid(), r.amount());
        return Outcome.failure(
            new BalanceOverflowException(
                account,
                "clearing "
                    + row.clearing()
                    + " - "
                    + fromClearing
                    + " (prepare of "
                    + r.amount()
                    + ")"));
    }
  }

  /**
   * The outcome of a fulfill.
   *
   * @param r the request
   * @param fresh the settlement id the call would create
   * @param row its row
   * @return the result or the refusal
   */
  public static Outcome<FulfillResult> fulfill(FulfillRequest r, SettlementId fresh, Row row) {
    AccountId account = r.account();
    switch (row.status()) {
      case Sql.OK:
        {
          long settled = row.v1() == null ? 0 : row.v1();
          PendingSettlement s = settled > 0 ? new PendingSettlement(fresh, account, settled) : null;
          return Outcome.success(new FulfillResult(balance(account, row), s, r.id(), false));
        }
      case Sql.REPLAY:
        {
          PendingSettlement s =
              row.key() == null
                  ? null
                  : new PendingSettlement(new SettlementId(account, row.key()), account, row.v1());
          return Outcome.success(new FulfillResult(balance(account, row), s, r.id(), true));
        }
      case Sql.CONFLICT:
        return Outcome.failure(
            reused(
                account, r.id(), was(row), OperationConflictException.describeFulfill(r.amount())));
      default:
        return Outcome.failure(
            new BalanceOverflowException(
                account,
                "fulfill of "
                    + r.amount()
                    + " onto clearing "
                    + row.clearing()
                    + " (prepaid "
                    + row.prepaid()
                    + ")"));
    }
  }

  /**
   * The outcome of a reject of a prepare's result (by split, or the release of its hold).
   *
   * @param p the prepare's result
   * @param row its row
   * @return the balance after the reject (recorded, for a released hold) or the refusal
   */
  public static Outcome<AccountBalance> reject(PrepareResult p, Row row) {
    if (p.id() != null) {
      Outcome<HoldResult> o = releaseHold(new HoldRef(p.account(), p.id()), p.amount(), row);
      return o.isSuccess()
          ? Outcome.success(o.get().balance())
          : Outcome.failure(((Outcome.Failure<HoldResult>) o).error());
    }
    if (row.status() == Sql.OK) {
      return Outcome.success(balance(p.account(), row));
    }
    return Outcome.failure(
        new BalanceOverflowException(
            p.account(),
            "reject of "
                + p.amount()
                + " (clearing "
                + row.clearing()
                + " + "
                + p.fromClearing()
                + ", prepaid "
                + row.prepaid()
                + " + "
                + p.fromPrepaid()
                + ")"));
  }

  /**
   * The outcome of a hold commit.
   *
   * @param ref the hold
   * @param row its row
   * @return the result or the refusal
   */
  public static Outcome<HoldResult> commit(HoldRef ref, Row row) {
    switch (row.status()) {
      case Sql.OK:
        return Outcome.success(new HoldResult(hold(ref, row), balance(ref.account(), row), false));
      case Sql.REPLAY:
        return Outcome.success(new HoldResult(hold(ref, row), balance(ref.account(), row), true));
      case Sql.UNKNOWN_HOLD:
        return Outcome.failure(new UnknownHoldException(ref));
      case Sql.CONFLICT:
        if (!"P".equals(row.kind())) {
          return Outcome.failure(namesAFulfill(ref));
        }
        return Outcome.failure(
            OperationConflictException.alreadyResolved(
                ref, HoldState.REJECTED, instant(row.resolved())));
      case Sql.HOLD_EXPIRED:
        return Outcome.failure(HoldExpiredException.released(hold(ref, row)));
      default:
        return Outcome.failure(overflowOnRelease(ref, row));
    }
  }

  /**
   * The outcome of a hold reject.
   *
   * @param ref the hold
   * @param askedAmount the amount of the prepare result given, or {@code null} for a reference
   * @param row its row
   * @return the result or the refusal
   */
  public static Outcome<HoldResult> releaseHold(HoldRef ref, Long askedAmount, Row row) {
    switch (row.status()) {
      case Sql.OK:
        return Outcome.success(new HoldResult(hold(ref, row), balance(ref.account(), row), false));
      case Sql.REPLAY:
        return Outcome.success(new HoldResult(hold(ref, row), balance(ref.account(), row), true));
      case Sql.UNKNOWN_HOLD:
        return Outcome.failure(new UnknownHoldException(ref));
      case Sql.CONFLICT:
        if (!"P".equals(row.kind())) {
          return Outcome.failure(namesAFulfill(ref));
        }
        if (askedAmount != null && row.amount() != null && !askedAmount.equals(row.amount())) {
          return Outcome.failure(
              OperationConflictException.otherAmount(ref, row.amount(), askedAmount));
        }
        return Outcome.failure(
            OperationConflictException.alreadyResolved(
                ref, HoldState.COMMITTED, instant(row.resolved())));
      default:
        return Outcome.failure(overflowOnRelease(ref, row));
    }
  }

  /**
   * Reads a hold from the columns {@code account_id, operation_id, amount, from_prepaid,
   * from_clearing, created_at, expires_at, state, resolved_at} starting at {@code first}.
   *
   * @param rs the result set
   * @param first the column of {@code account_id}
   * @return the hold
   * @throws SQLException as the driver reports it
   */
  public static Hold hold(ResultSet rs, int first) throws SQLException {
    return new Hold(
        AccountId.of(rs.getString(first)),
        OperationId.of(rs.getString(first + 1)),
        rs.getLong(first + 2),
        rs.getLong(first + 3),
        rs.getLong(first + 4),
        Instant.ofEpochMilli(rs.getLong(first + 5)),
        instant(OpsBatch.nullableLong(rs, first + 6)),
        HoldState.valueOf(rs.getString(first + 7)),
        instant(OpsBatch.nullableLong(rs, first + 8)));
  }

  /**
   * Reads a journal entry from the columns {@code seq, kind, reference, clearing_delta,
   * prepaid_delta, clearing_after, prepaid_after, at}.
   *
   * @param account the account
   * @param rs the result set
   * @return the entry
   * @throws SQLException as the driver reports it
   */
  public static JournalEntry journalEntry(AccountId account, ResultSet rs) throws SQLException {
    return new JournalEntry(
        account,
        rs.getLong(1),
        JournalKind.valueOf(rs.getString(2)),
        rs.getString(3),
        rs.getLong(4),
        rs.getLong(5),
        new AccountBalance(account, rs.getLong(6), rs.getLong(7)),
        Instant.ofEpochMilli(rs.getLong(8)));
  }

  /**
   * The earlier use of an idempotency key, or a conflict with it.
   *
   * @param idempotencyKey the key
   * @param account the account asked for
   * @param amount the amount asked for
   * @param earlierAccount the account of the first use
   * @param earlierAmount its amount
   * @param toClearing its part paid to clearing
   * @param toPrepaid its part added to prepaid
   * @param clearingAfter clearing after it
   * @param prepaidAfter prepaid after it
   * @return the first result
   * @throws SettlementConflictException when account or amount differ
   */
  public static IncomingSettlementResult earlierIncoming(
      String idempotencyKey,
      AccountId account,
      long amount,
      AccountId earlierAccount,
      long earlierAmount,
      long toClearing,
      long toPrepaid,
      long clearingAfter,
      long prepaidAfter) {
    if (!earlierAccount.equals(account) || earlierAmount != amount) {
      throw SettlementConflictException.keyReused(
          idempotencyKey, earlierAccount, earlierAmount, account, amount);
    }
    return new IncomingSettlementResult(
        idempotencyKey,
        account,
        amount,
        toClearing,
        toPrepaid,
        new AccountBalance(account, clearingAfter, prepaidAfter));
  }

  /**
   * The refusal to close a settlement already closed the other way.
   *
   * @param id the settlement
   * @param done how it was closed
   * @param wanted how the call wanted to close it
   * @return the exception
   */
  public static SettlementConflictException closeConflict(
      SettlementId id, SettlementOutcome.Status done, String wanted) {
    return SettlementConflictException.alreadyClosed(id, done, wanted);
  }

  /**
   * An epoch-millisecond value as an instant.
   *
   * @param millis the value, or {@code null}
   * @return the instant, or {@code null}
   */
  public static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  /**
   * An instant as epoch milliseconds.
   *
   * @param instant the instant, or {@code null}
   * @return the value, or {@code null}
   */
  public static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static AccountBalance balance(AccountId account, Row row) {
    return new AccountBalance(account, row.clearing(), row.prepaid());
  }

  private static Hold hold(HoldRef ref, Row row) {
    return new Hold(
        ref.account(),
        ref.id(),
        row.amount(),
        row.v1(),
        row.v2(),
        Instant.ofEpochMilli(row.created()),
        instant(row.expires()),
        HoldState.valueOf(row.state()),
        instant(row.resolved()));
  }

  private static String was(Row row) {
    if ("F".equals(row.kind())) {
      return OperationConflictException.describeFulfill(row.amount());
    }
    return OperationConflictException.describePrepare(row.amount(), row.min());
  }

  private static String describe(PrepareRequest r) {
    return OperationConflictException.describePrepare(r.amount(), r.minBalance());
  }

  private static OperationConflictException reused(
      AccountId account, OperationId opId, String was, String now) {
    return OperationConflictException.reused(account, opId, was, now);
  }

  private static OperationConflictException namesAFulfill(HoldRef ref) {
    return OperationConflictException.namesAFulfill(ref);
  }

  private static BalanceOverflowException overflowOnRelease(HoldRef ref, Row row) {
    return new BalanceOverflowException(
        ref.account(),
        "release of hold "
            + ref.id()
            + " of "
            + row.amount()
            + " (clearing "
            + row.clearing()
            + ", prepaid "
            + row.prepaid()
            + "); it stays held");
  }
}
