package io.ledgerkit.persistence.balance.redis.internal;

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
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.JournalKind;
import io.ledgerkit.persistence.balance.OperationConflictException;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.UnknownHoldException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Decodes the replies of the account scripts into results, and their refusals into the exceptions
 * of the SPI, worded as the in-memory reference tracker words them.
 */
public final class ReplyCodec {
  /** A repeat of an identified operation: the first result. */
  public static final int REPLAY = 7;

  /** A hold (or prepare) whose expiry has passed by the store's clock. */
  public static final int EXPIRED = 8;

  private ReplyCodec() {}

  /**
   * Decodes a prepare.
   *
   * @param r the request
   * @param item the reply item
   * @return the result
   */
  public static PrepareResult prepare(PrepareRequest r, List<Object> item) {
    AccountId a = r.account();
    switch (Replies.code(item)) {
      case Replies.OK:
        return new PrepareResult(
            a,
            r.amount(),
            Replies.number(item, 3),
            Replies.number(item, 4),
            balance(a, item, 1),
            r.id(),
            r.expiresAt(),
            false);
      case REPLAY:
        return new PrepareResult(
            a,
            r.amount(),
            Replies.number(item, 3),
            Replies.number(item, 4),
            balance(a, item, 1),
            r.id(),
            instant(item, 5),
            true);
      case Replies.INSUFFICIENT:
        throw new InsufficientBalanceException(
            a, r.amount(), Replies.number(item, 1), r.minBalance());
      case Replies.CONFLICT:
        throw reused(a, r.id(), earlier(item), describe(r));
      case EXPIRED:
        throw HoldExpiredException.beforePrepare(
            new HoldRef(a, r.id()), r.expiresAt(), instant(item, 1));
      default:
        throw refusal(a, item);
    }
  }

  /**
   * Decodes a fulfill.
   *
   * @param r the request
   * @param settlementKey the key of the settlement the call would open, or null
   * @param item the reply item
   * @return the result
   */
  public static FulfillResult fulfill(FulfillRequest r, UUID settlementKey, List<Object> item) {
    AccountId a = r.account();
    switch (Replies.code(item)) {
      case Replies.OK:
        PendingSettlement settlement = null;
        if (item.size() > 3) {
          settlement =
              new PendingSettlement(new SettlementId(a, settlementKey), a, Replies.number(item, 3));
        }
        return new FulfillResult(balance(a, item, 1), settlement, r.id(), false);
      case REPLAY:
        String key = Replies.text(item, 3);
        PendingSettlement first =
            key.isEmpty()
                ? null
                : new PendingSettlement(
                    new SettlementId(a, UUID.fromString(key)), a, Replies.number(item, 4));
        return new FulfillResult(balance(a, item, 1), first, r.id(), true);
      case Replies.CONFLICT:
        throw reused(
            a, r.id(), earlier(item), OperationConflictException.describeFulfill(r.amount()));
      default:
        throw refusal(a, item);
    }
  }

  /**
   * Decodes the reject of an unidentified prepare.
   *
   * @param p the prepare
   * @param item the reply item
   * @return the balance after it
   */
  public static AccountBalance unidentifiedReject(PrepareResult p, List<Object> item) {
    if (Replies.code(item) == Replies.OK) {
      return balance(p.account(), item, 1);
    }
    throw refusal(p.account(), item);
  }

  /**
   * Decodes the commit or reject of a hold.
   *
   * @param ref the hold
   * @param commit whether it was a commit
   * @param asked the amount the caller's prepare names, or null
   * @param item the reply item
   * @return the result
   */
  public static HoldResult hold(HoldRef ref, boolean commit, Long asked, List<Object> item) {
    AccountId a = ref.account();
    switch (Replies.code(item)) {
      case Replies.OK:
        return new HoldResult(hold(ref, item, 1), balance(a, item, 8), false);
      case REPLAY:
        return new HoldResult(hold(ref, item, 1), balance(a, item, 8), true);
      case EXPIRED:
        throw HoldExpiredException.released(hold(ref, item, 1));
      case Replies.UNKNOWN:
        throw new UnknownHoldException(ref);
      case Replies.CONFLICT:
        String what = Replies.text(item, 1);
        switch (what) {
          case "f":
            throw OperationConflictException.namesAFulfill(ref);
          case "a":
            throw OperationConflictException.otherAmount(ref, Replies.text(item, 2), asked);
          case "R":
            throw OperationConflictException.alreadyResolved(
                ref, HoldState.REJECTED, instant(item, 2));
          default:
            throw OperationConflictException.alreadyResolved(
                ref, HoldState.COMMITTED, instant(item, 2));
        }
      default:
        throw refusal(a, item);
    }
  }

  /**
   * A hold from its reply parts {@code amount, fromPrepaid, fromClearing, createdAt, expiresAt,
   * state, resolvedAt} starting at {@code at}.
   *
   * @param ref the hold
   * @param item the parts
   * @param at the index of the amount
   * @return the hold
   */
  public static Hold hold(HoldRef ref, List<Object> item, int at) {
    return new Hold(
        ref.account(),
        ref.id(),
        Replies.number(item, at),
        Replies.number(item, at + 1),
        Replies.number(item, at + 2),
        instant(item, at + 3),
        instant(item, at + 4),
        state(Replies.text(item, at + 5)),
        instant(item, at + 6));
  }

  /**
   * A held hold from {@code amount, fromPrepaid, fromClearing, createdAt, expiresAt} at {@code at}.
   *
   * @param ref the hold
   * @param item the parts
   * @param at the index of the amount
   * @return the hold, {@link HoldState#HELD}
   */
  public static Hold held(HoldRef ref, List<Object> item, int at) {
    return new Hold(
        ref.account(),
        ref.id(),
        Replies.number(item, at),
        Replies.number(item, at + 1),
        Replies.number(item, at + 2),
        instant(item, at + 3),
        instant(item, at + 4),
        HoldState.HELD,
        null);
  }

  /**
   * Parses {@code <account>/<id>}, the member of the slot indexes.
   *
   * @param member the member
   * @return the hold it names
   */
  public static HoldRef member(String member) {
    int slash = member.indexOf('/');
    try {
      if (slash > 0) {
        return new HoldRef(
            AccountId.of(member.substring(0, slash)), OperationId.of(member.substring(slash + 1)));
      }
    } catch (IllegalArgumentException e) {
      // not written by the tracker: reported below
    }
    throw new IllegalStateException(
        "Redis balance store: a hold index holds '"
            + member
            + "' where '<account>/<id>' was expected (data the tracker did not write; repair or"
            + " delete it)");
  }

  /**
   * A pending settlement from a page reply item: its member {@code <account>/<key>} and amount.
   *
   * @param member the member of the slot's pending-settlement index
   * @param item the reply item ({@code member, amount})
   * @return the settlement
   */
  public static PendingSettlement pending(String member, List<Object> item) {
    SettlementId id;
    try {
      id = SettlementId.parse(member);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Redis balance store: a pending-settlement index holds '"
              + member
              + "' where '<account>/<settlement key>' was expected (data the tracker did not"
              + " write; repair or delete it)",
          e);
    }
    return new PendingSettlement(id, id.account(), Replies.number(item, 1));
  }

  /**
   * Parses a journal entry ({@code seq|kind|ref|dc|dp|c|p|at}, see {@code lib.lua}).
   *
   * @param account the account
   * @param raw the entry
   * @return the entry
   */
  public static JournalEntry journal(AccountId account, byte[] raw) {
    String e = new String(raw, StandardCharsets.UTF_8);
    String[] f = e.split("\\|", -1);
    if (f.length != 8 || f[1].length() != 1) {
      throw new IllegalStateException(
          "the journal of account " + account + " holds '" + e + "' where an entry was expected");
    }
    try {
      return new JournalEntry(
          account,
          Long.parseLong(f[0]),
          kind(f[1].charAt(0)),
          f[2].isEmpty() ? null : f[2],
          Long.parseLong(f[3]),
          Long.parseLong(f[4]),
          new AccountBalance(account, Long.parseLong(f[5]), Long.parseLong(f[6])),
          Instant.ofEpochMilli(Long.parseLong(f[7])));
    } catch (IllegalArgumentException ex) {
      throw new IllegalStateException(
          "the journal of account " + account + " holds '" + e + "' where an entry was expected",
          ex);
    }
  }

  private static JournalKind kind(char c) {
    switch (c) {
      case 'P':
        return JournalKind.PREPARE;
      case 'C':
        return JournalKind.COMMIT;
      case 'R':
        return JournalKind.REJECT;
      case 'E':
        return JournalKind.EXPIRY;
      case 'F':
        return JournalKind.FULFILL;
      case 'O':
        return JournalKind.SETTLEMENT_OPENED;
      case 'S':
        return JournalKind.SETTLEMENT_SUCCEEDED;
      case 'X':
        return JournalKind.SETTLEMENT_FAILED;
      case 'I':
        return JournalKind.INCOMING_SETTLEMENT;
      default:
        throw new IllegalArgumentException("journal kind " + c);
    }
  }

  private static HoldState state(String s) {
    switch (s) {
      case "H":
        return HoldState.HELD;
      case "C":
        return HoldState.COMMITTED;
      case "R":
        return HoldState.REJECTED;
      case "E":
        return HoldState.EXPIRED;
      default:
        throw new IllegalStateException("a hold record has state '" + s + "'");
    }
  }

  private static AccountBalance balance(AccountId a, List<Object> item, int at) {
    return new AccountBalance(a, Replies.number(item, at), Replies.number(item, at + 1));
  }

  private static Instant instant(List<Object> item, int at) {
    byte[] b = (byte[]) item.get(at);
    if (b == null || b.length == 0) {
      return null;
    }
    return Instant.ofEpochMilli(Replies.parseLong(b));
  }

  private static String earlier(List<Object> item) {
    String kind = Replies.text(item, 1);
    String amount = Replies.text(item, 2);
    if ("f".equals(kind)) {
      return OperationConflictException.describeFulfill(amount);
    }
    return OperationConflictException.describePrepare(
        Long.parseLong(amount), Replies.text(item, 3));
  }

  private static String describe(PrepareRequest r) {
    return OperationConflictException.describePrepare(r.amount(), r.minBalance());
  }

  private static OperationConflictException reused(
      AccountId account, OperationId id, String was, String now) {
    return OperationConflictException.reused(account, id, was, now);
  }

  /**
   * The exception of an item's refusal that is neither a business answer of the operation: an
   * overflow or a data error.
   *
   * @param account the account
   * @param item the reply item
   * @return the exception to throw
   */
  public static RuntimeException refusal(AccountId account, List<Object> item) {
    if (Replies.code(item) == Replies.OVERFLOW) {
      return new BalanceOverflowException(account, Replies.text(item, 1));
    }
    if (Replies.code(item) == Replies.DATA) {
      return new IllegalStateException(
          "Redis balance store: account "
              + account
              + ": data the tracker did not write (a malformed value or a key of another type"
              + " under the tracker's prefix; repair or delete it, retrying will not help);"
              + " nothing was changed: "
              + Replies.text(item, 1));
    }
    return new IllegalStateException("unexpected reply from a balance script: " + item);
  }
}
