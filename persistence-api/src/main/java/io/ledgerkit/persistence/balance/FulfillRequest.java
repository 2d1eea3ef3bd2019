package io.ledgerkit.persistence.balance;

import io.ledgerkit.persistence.balance.spi.Amounts;
import java.util.Objects;

/**
 * A request to fulfill (credit) an amount on an account's clearing balance.
 *
 * <p>With an {@link OperationId} the fulfill is identified: a repeat (same account, amount and id)
 * returns the first result, with the same triggered settlement, and changes nothing; the id with
 * another amount, or naming a prepare of the account, is refused with {@link
 * OperationConflictException}. Without an id a retried fulfill may apply twice.
 *
 * @param account the account
 * @param amount the amount, not negative
 * @param settings the account's settings; only the settlement threshold is used
 * @param id the operation id, or {@code null} for an unidentified fulfill
 */
public record FulfillRequest(
    AccountId account, long amount, BalanceSettings settings, OperationId id) {

  /**
   * Validates the request: account and settings required, amount not negative.
   *
   * @param account the account
   * @param amount the amount, not negative
   * @param settings the account's settings; only the settlement threshold is used
   * @param id the operation id, or {@code null} for an unidentified fulfill
   */
  public FulfillRequest {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(settings, "settings");
    Amounts.requireNonNegative("amount", amount);
  }

  /**
   * An unidentified fulfill.
   *
   * @param account the account
   * @param amount the amount, not negative
   * @param settings the account's settings
   */
  public FulfillRequest(AccountId account, long amount, BalanceSettings settings) {
    this(account, amount, settings, null);
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

  /**
   * Returns a copy identified by {@code operationId}.
   *
   * @param operationId the operation id
   * @return the identified request
   */
  public FulfillRequest withId(OperationId operationId) {
    Objects.requireNonNull(operationId, "operationId");
    return new FulfillRequest(account, amount, settings, operationId);
  }

  /**
   * Tells whether {@code other} is the same request for idempotency: same account, amount and id
   * (the settings are not compared; the first call's settlement stands).
   *
   * @param other another request
   * @return {@code true} when a repeat of {@code other} would be a replay of this one
   */
  public boolean sameRequestAs(FulfillRequest other) {
    return account.equals(other.account) && amount == other.amount && Objects.equals(id, other.id);
  }
}
