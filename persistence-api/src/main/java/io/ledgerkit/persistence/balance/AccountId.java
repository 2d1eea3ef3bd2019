package io.ledgerkit.persistence.balance;

import java.util.Objects;

/**
 * The identifier of a balance account: 1 to 64 characters of {@code A-Z a-z 0-9 . _ ~ -}.
 *
 * <p>The alphabet is deliberately narrow: an account id is embedded in store keys (for example as a
 * Redis Cluster hash tag), so characters such as <code>{</code>, <code>}</code>, {@code :} or white
 * space are refused before they can reach a store.
 *
 * @param value the validated identifier
 */
public record AccountId(String value) implements Comparable<AccountId> {

  /** The largest accepted length of an account id. */
  public static final int MAX_LENGTH = 64;

  /**
   * Validates and creates an account id.
   *
   * @throws IllegalArgumentException naming the value when it is empty, too long or has a character
   *     outside {@code A-Z a-z 0-9 . _ ~ -}
   * @param value the validated identifier
   */
  public AccountId {
    Objects.requireNonNull(value, "account id must not be null");
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "account id '"
              + printable(value)
              + "' has "
              + value.length()
              + " characters; use 1 to "
              + MAX_LENGTH
              + " characters of A-Z a-z 0-9 . _ ~ -");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!allowed(c)) {
        throw new IllegalArgumentException(
            "account id '"
                + printable(value)
                + "' contains '"
                + printable(String.valueOf(c))
                + "' at index "
                + i
                + "; use only A-Z a-z 0-9 . _ ~ -");
      }
    }
  }

  /**
   * Creates an account id.
   *
   * @param value the identifier, 1 to 64 characters of {@code A-Z a-z 0-9 . _ ~ -}
   * @return the account id
   * @throws IllegalArgumentException when the value is malformed
   */
  public static AccountId of(String value) {
    return new AccountId(value);
  }

  private static boolean allowed(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '~'
        || c == '-';
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    int limit = Math.min(s.length(), 80);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (s.length() > limit) {
      b.append("...");
    }
    return b.toString();
  }

  @Override
  public int compareTo(AccountId other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
