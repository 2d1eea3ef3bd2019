package io.ledgerkit.persistence.balance;

/**
 * An idempotency key or settlement was reused inconsistently: an incoming settlement key with
 * another account or amount, or a settlement closed as succeeded after failing (or the reverse).
 * Nothing was changed.
 *
 * <p>A {@link BalanceException}. Not retryable: a repeat with the same arguments is not an error,
 * it returns the first result.
 */
public final class SettlementConflictException extends BalanceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what conflicts with what
   */
  public SettlementConflictException(String message) {
    super(message);
  }

  /**
   * The refusal of an incoming settlement's key reused with another account or amount.
   *
   * @param key the idempotency key
   * @param earlierAccount the account of its first use
   * @param earlierAmount the amount of its first use
   * @param account the account asked now
   * @param amount the amount asked now
   * @return the exception
   */
  public static SettlementConflictException keyReused(
      String key, Object earlierAccount, Object earlierAmount, AccountId account, long amount) {
    return new SettlementConflictException(
        "idempotency key '"
            + key
            + "' was used for an incoming settlement of "
            + earlierAmount
            + " on account "
            + earlierAccount
            + "; it cannot be reused for "
            + amount
            + " on account "
            + account
            + "; nothing changed");
  }

  /**
   * The refusal to close a settlement the other way than it was closed.
   *
   * @param id the settlement
   * @param done how it was closed
   * @param wanted how the call wanted to close it
   * @return the exception
   */
  public static SettlementConflictException alreadyClosed(
      SettlementId id, Object done, Object wanted) {
    return new SettlementConflictException(
        "settlement "
            + id
            + " was already closed as "
            + done
            + "; it cannot now be closed as "
            + wanted
            + "; nothing changed");
  }
}
