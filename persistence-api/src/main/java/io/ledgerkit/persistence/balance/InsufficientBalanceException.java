package io.ledgerkit.persistence.balance;

import java.math.BigInteger;

/**
 * A prepare was refused because it would take the net balance below the minimum balance.
 *
 * <p>A {@link BalanceException}; nothing was changed. Not retryable as it is: only after the
 * balance changes, or with a smaller amount.
 */
public final class InsufficientBalanceException extends BalanceException {
  private static final long serialVersionUID = 1L;

  /** The account that was refused. */
  private final AccountId account;

  /** The amount the refused prepare asked for. */
  private final long amount;

  /** The net balance (clearing plus prepaid) when it was refused. */
  private final long netBalance;

  /** The minimum balance the prepare had to respect. */
  private final long minBalance;

  /**
   * Creates the exception.
   *
   * @param account the account
   * @param amount the amount that was asked for
   * @param netBalance the net balance when the prepare was refused
   * @param minBalance the minimum balance that would have been crossed
   */
  public InsufficientBalanceException(
      AccountId account, long amount, long netBalance, long minBalance) {
    super(
        "insufficient balance on account "
            + account
            + ": prepare of "
            + amount
            + " refused, net balance "
            + netBalance
            + ", min balance "
            + minBalance
            + ", available "
            + BigInteger.valueOf(netBalance).subtract(BigInteger.valueOf(minBalance)));
    this.account = account;
    this.amount = amount;
    this.netBalance = netBalance;
    this.minBalance = minBalance;
  }

  /**
   * The account.
   *
   * @return the account
   */
  public AccountId account() {
    return account;
  }

  /**
   * The amount that was asked for.
   *
   * @return the amount
   */
  public long amount() {
    return amount;
  }

  /**
   * The net balance when the prepare was refused.
   *
   * @return the net balance
   */
  public long netBalance() {
    return netBalance;
  }

  /**
   * The minimum balance that would have been crossed.
   *
   * @return the minimum balance
   */
  public long minBalance() {
    return minBalance;
  }

  /**
   * What could have been prepared: {@code netBalance - minBalance}, exact (it may lie outside the
   * 64-bit range, or be negative).
   *
   * @return the available amount
   */
  public BigInteger available() {
    return BigInteger.valueOf(netBalance).subtract(BigInteger.valueOf(minBalance));
  }
}
