package io.ledgerkit.persistence.balance.spi;

import io.ledgerkit.persistence.balance.AccountId;
import java.util.List;

/**
 * The argument checks of the balance API, with its messages: the value types and every tracker here
 * use them, and a third-party {@code BalanceTracker} can, so that a bad argument is refused the
 * same way (an {@link IllegalArgumentException} or {@link NullPointerException} naming the
 * parameter and the rule) whatever the store.
 */
public final class Amounts {

  /** The largest accepted length of an incoming settlement's idempotency key. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 128;

  private Amounts() {}

  /**
   * Refuses a negative amount.
   *
   * @param name the argument's name
   * @param amount the value
   * @return the value
   */
  public static long requireNonNegative(String name, long amount) {
    if (amount < 0) {
      throw new IllegalArgumentException(
          name + " " + amount + " is negative; amounts must be 0 or more");
    }
    return amount;
  }

  /**
   * Refuses an amount that is not positive.
   *
   * @param name the argument's name
   * @param amount the value
   * @return the value
   */
  public static long requirePositive(String name, long amount) {
    if (amount <= 0) {
      throw new IllegalArgumentException(name + " " + amount + " must be positive");
    }
    return amount;
  }

  /**
   * Tells whether a prepare of {@code amount} from a net balance {@code net} would leave less than
   * {@code minBalance}, that is whether {@code net - amount < minBalance} holds over the integers.
   * Exact for every {@code long} value: the subtraction is never allowed to wrap.
   *
   * @param net the net balance before the prepare
   * @param amount the amount to prepare, not negative
   * @param minBalance the lowest net balance the prepare may leave
   * @return {@code true} when the prepare must be refused
   */
  public static boolean fallsBelow(long net, long amount, long minBalance) {
    long after = net - amount;
    // with amount >= 0, the subtraction overflowed exactly when the result went up; the true
    // value is then below Long.MIN_VALUE and thus below every minBalance.
    if (after > net) {
      return true;
    }
    return after < minBalance;
  }

  /**
   * Validates an idempotency key: 1 to 128 characters of {@code A-Z a-z 0-9 . _ ~ - : /} ({@link
   * NullPointerException} for {@code null}, {@link IllegalArgumentException} for a malformed key).
   *
   * @param key the key
   * @return the key
   */
  public static String requireIdempotencyKey(String key) {
    if (key == null) {
      throw new NullPointerException("idempotencyKey must not be null");
    }
    if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
      throw new IllegalArgumentException(
          "idempotency key of "
              + key.length()
              + " characters; use 1 to "
              + MAX_IDEMPOTENCY_KEY_LENGTH
              + " characters of A-Z a-z 0-9 . _ ~ - : /");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '~'
              || c == '-'
              || c == ':'
              || c == '/';
      if (!ok) {
        throw new IllegalArgumentException(
            "idempotency key '"
                + (key.length() > 80 ? key.substring(0, 80) + "..." : key)
                + "' contains an illegal character at index "
                + i
                + "; use only A-Z a-z 0-9 . _ ~ - : /");
      }
    }
    return key;
  }

  /**
   * Refuses a missing settlement id with {@link NullPointerException}.
   *
   * @param id the settlement id
   */
  public static void requireSettlement(io.ledgerkit.persistence.balance.SettlementId id) {
    if (id == null) {
      throw new NullPointerException("settlement id must not be null");
    }
  }

  /**
   * Reads a hold-listing cursor of a tracker whose cursors are the last position returned, a
   * non-negative decimal; {@code null} is the first page (0).
   *
   * @param cursor the cursor, or {@code null}
   * @return the position after which the page starts
   * @throws IllegalArgumentException when the text is not such a cursor ({@link #foreignCursor})
   */
  public static long requireSequenceCursor(String cursor) {
    return sequenceCursor(cursor, false);
  }

  /**
   * Reads a pending-settlement-listing cursor of a tracker whose cursors are the last position
   * returned, a non-negative decimal; {@code null} is the first page (0).
   *
   * @param cursor the cursor, or {@code null}
   * @return the position after which the page starts
   * @throws IllegalArgumentException when the text is not such a cursor ({@link
   *     #foreignSettlementCursor})
   */
  public static long requireSettlementCursor(String cursor) {
    return sequenceCursor(cursor, true);
  }

  private static long sequenceCursor(String cursor, boolean settlements) {
    if (cursor == null) {
      return 0;
    }
    try {
      long v = Long.parseLong(cursor);
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw settlements ? foreignSettlementCursor(cursor) : foreignCursor(cursor);
  }

  /**
   * The refusal of a hold-listing cursor the tracker did not return.
   *
   * @param cursor the cursor given
   * @return the exception to throw
   */
  public static IllegalArgumentException foreignCursor(String cursor) {
    return foreign("hold", cursor, "HoldPage");
  }

  /**
   * The refusal of a pending-settlement-listing cursor the tracker did not return.
   *
   * @param cursor the cursor given
   * @return the exception to throw
   */
  public static IllegalArgumentException foreignSettlementCursor(String cursor) {
    return foreign("settlement", cursor, "SettlementPage");
  }

  private static IllegalArgumentException foreign(String what, String cursor, String page) {
    return new IllegalArgumentException(
        what
            + " cursor '"
            + cursor
            + "' was not returned by this tracker; pass null for the first page, then "
            + page
            + ".next()");
  }

  /**
   * Refuses a missing account with {@link NullPointerException}, as every null argument is.
   *
   * @param account the account
   */
  public static void requireAccount(AccountId account) {
    if (account == null) {
      throw new NullPointerException("account must not be null");
    }
  }

  /**
   * Refuses a missing batch or a batch with a missing item with {@link NullPointerException},
   * before anything is applied.
   *
   * @param name the argument's name
   * @param items the batch
   */
  public static void requireItems(String name, List<?> items) {
    if (items == null) {
      throw new NullPointerException(name + " must not be null");
    }
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i) == null) {
        throw new NullPointerException(
            name + " contains null at index " + i + "; nothing was applied");
      }
    }
  }

  /**
   * Refuses a page size or batch limit below 1.
   *
   * @param name the argument's name
   * @param limit the value
   * @return the value
   */
  public static int requireLimit(String name, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException(name + " " + limit + " must be 1 or more");
    }
    return limit;
  }

  /**
   * Refuses a journal sequence number below 1.
   *
   * @param fromSequence the value
   * @return the value
   */
  public static long requireSequence(long fromSequence) {
    if (fromSequence < 1) {
      throw new IllegalArgumentException(
          "fromSequence " + fromSequence + " must be 1 or more (journal sequences start at 1)");
    }
    return fromSequence;
  }
}
