package io.ledgerkit.persistence.balance;

import java.util.Objects;

/**
 * What an incoming settlement did. A repeated call with the same idempotency key returns an equal
 * result, including the balance recorded the first time.
 *
 * @param idempotencyKey the caller's key for this settlement
 * @param account the account credited
 * @param amount the settled amount, {@code toClearing + toPrepaid}
 * @param toClearing the part that paid down a negative clearing balance
 * @param toPrepaid the rest, added to the prepaid amount
 * @param balance the balance right after the settlement was first applied
 */
public record IncomingSettlementResult(
    String idempotencyKey,
    AccountId account,
    long amount,
    long toClearing,
    long toPrepaid,
    AccountBalance balance) {

  /**
   * Validates the result: parts not negative and summing to the amount.
   *
   * @param idempotencyKey the caller's key for this settlement
   * @param account the account credited
   * @param amount the settled amount, {@code toClearing + toPrepaid}
   * @param toClearing the part that paid down a negative clearing balance
   * @param toPrepaid the rest, added to the prepaid amount
   * @param balance the balance right after the settlement was first applied
   */
  public IncomingSettlementResult {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(balance, "balance");
    if (toClearing < 0 || toPrepaid < 0 || toClearing + toPrepaid != amount) {
      throw new IllegalArgumentException(
          "toClearing "
              + toClearing
              + " and toPrepaid "
              + toPrepaid
              + " must be non-negative and sum to amount "
              + amount);
    }
  }
}
