package io.ledgerkit.persistence.balance;

import java.util.Objects;

/**
 * The balances of one account at one moment.
 *
 * <p>Trackers keep {@code clearingBalance}, {@code prepaidAmount} and their sum within the signed
 * 64-bit range: an operation that would leave it is refused with {@link BalanceOverflowException}.
 *
 * @param account the account
 * @param clearingBalance the signed clearing balance
 * @param prepaidAmount the prepaid amount, never negative
 */
public record AccountBalance(AccountId account, long clearingBalance, long prepaidAmount) {

  /**
   * Validates the balance: the account is required and the prepaid amount is not negative.
   *
   * @param account the account
   * @param clearingBalance the signed clearing balance
   * @param prepaidAmount the prepaid amount, never negative
   */
  public AccountBalance {
    Objects.requireNonNull(account, "account");
    if (prepaidAmount < 0) {
      throw new IllegalArgumentException(
          "prepaidAmount " + prepaidAmount + " of account " + account + " must not be negative");
    }
  }

  /**
   * Returns the balance of an account that was never touched.
   *
   * @param account the account
   * @return a zero balance
   */
  public static AccountBalance zero(AccountId account) {
    return new AccountBalance(account, 0, 0);
  }

  /**
   * Returns {@code clearingBalance + prepaidAmount}.
   *
   * @return the net balance
   * @throws ArithmeticException only for a balance no tracker produces (the sum outside 64 bits)
   */
  public long netBalance() {
    return Math.addExact(clearingBalance, prepaidAmount);
  }
}
