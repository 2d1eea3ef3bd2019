package io.ledgerkit.persistence.balance;

import java.util.Objects;
import java.util.UUID;

/**
 * Identifies a pending settlement. It names its account so that a store can find the settlement in
 * the account's own partition (for example the account's Redis Cluster slot).
 *
 * @param account the account the settlement belongs to
 * @param key a unique key within the account (a UUID for settlements the trackers create)
 */
public record SettlementId(AccountId account, UUID key) {

  /**
   * Validates the id: account and key required.
   *
   * @param account the account the settlement belongs to
   * @param key a unique key within the account (a UUID for settlements the trackers create)
   */
  public SettlementId {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(key, "key");
  }

  /**
   * Creates a fresh, random settlement id for an account.
   *
   * @param account the account
   * @return a new id
   */
  public static SettlementId random(AccountId account) {
    return new SettlementId(account, UUID.randomUUID());
  }

  /**
   * Parses the form produced by {@link #toString()}: {@code <accountId>/<uuid>}.
   *
   * @param text the text
   * @return the id
   * @throws IllegalArgumentException naming the text when it is not of that form
   */
  public static SettlementId parse(String text) {
    Objects.requireNonNull(text, "text");
    int slash = text.lastIndexOf('/');
    if (slash <= 0) {
      throw new IllegalArgumentException(
          "settlement id '" + text + "' is not of the form <accountId>/<uuid>");
    }
    UUID key;
    try {
      key = UUID.fromString(text.substring(slash + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "settlement id '" + text + "' does not end with a UUID after '/'", e);
    }
    return new SettlementId(AccountId.of(text.substring(0, slash)), key);
  }

  @Override
  public String toString() {
    return account.value() + "/" + key;
  }
}
