package io.ledgerkit.persistence.balance;

/**
 * An operation was refused because a balance (clearing, prepaid, or their sum) would leave the
 * signed 64-bit range. Trackers never round or wrap; nothing was changed.
 *
 * <p>A {@link BalanceException}. Not retryable: the same call is refused the same way.
 */
public final class BalanceOverflowException extends BalanceException {
  private static final long serialVersionUID = 1L;

  /** The account whose balance would have left the 64-bit range. */
  private final AccountId account;

  /**
   * Creates the exception.
   *
   * @param account the account
   * @param message what would have overflowed
   */
  public BalanceOverflowException(AccountId account, String message) {
    super(
        "balance of account "
            + account
            + " would leave the signed 64-bit range: "
            + message
            + "; the operation was refused and nothing changed");
    this.account = account;
  }

  /**
   * The account.
   *
   * @return the account
   */
  public AccountId account() {
    return account;
  }
}
