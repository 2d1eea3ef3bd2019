package io.ledgerkit.persistence.balance;

import io.ledgerkit.persistence.balance.internal.Amounts;
import java.util.Objects;

/**
 * A request to prepare (reserve) an amount on an account.
 *
 * @param account the account to take from
 * @param amount the amount, not negative
 * @param minBalance the lowest net balance the prepare may leave, or {@code null} for no limit
 */
public record PrepareRequest(AccountId account, long amount, Long minBalance) {

  /** Validates the request: account required, amount not negative. */
  public PrepareRequest {
    Objects.requireNonNull(account, "account");
    Amounts.requireNonNegative("amount", amount);
  }

  /**
   * A prepare with no minimum balance.
   *
   * @param account the account
   * @param amount the amount, not negative
   * @return the request
   */
  public static PrepareRequest of(AccountId account, long amount) {
    return new PrepareRequest(account, amount, null);
  }
}
