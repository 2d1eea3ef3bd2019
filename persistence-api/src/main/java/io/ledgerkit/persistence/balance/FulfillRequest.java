package io.ledgerkit.persistence.balance;

import io.ledgerkit.persistence.balance.internal.Amounts;
import java.util.Objects;

/**
 * A request to fulfill (credit) an amount on an account's clearing balance.
 *
 * @param account the account
 * @param amount the amount, not negative
 * @param settings the account's settings; only the settlement threshold is used
 */
public record FulfillRequest(AccountId account, long amount, BalanceSettings settings) {

  /** Validates the request: account and settings required, amount not negative. */
  public FulfillRequest {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(settings, "settings");
    Amounts.requireNonNegative("amount", amount);
  }

  /**
   * A fulfill that never triggers a settlement.
   *
   * @param account the account
   * @param amount the amount, not negative
   * @return the request
   */
  public static FulfillRequest of(AccountId account, long amount) {
    return new FulfillRequest(account, amount, BalanceSettings.NONE);
  }
}
