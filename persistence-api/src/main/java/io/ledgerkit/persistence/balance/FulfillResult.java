package io.ledgerkit.persistence.balance;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a fulfill.
 *
 * @param balance the account's balance right after the fulfill (and the settlement, if any)
 * @param settlement the pending settlement the fulfill triggered, or {@code null}
 */
public record FulfillResult(AccountBalance balance, PendingSettlement settlement) {

  /** Validates the result: a balance is required and a settlement belongs to the same account. */
  public FulfillResult {
    Objects.requireNonNull(balance, "balance");
    if (settlement != null && !settlement.account().equals(balance.account())) {
      throw new IllegalArgumentException(
          "settlement of " + settlement.account() + " does not belong to " + balance.account());
    }
  }

  /**
   * Returns the settlement this fulfill triggered, if any.
   *
   * @return the pending settlement, or empty
   */
  public Optional<PendingSettlement> pendingSettlement() {
    return Optional.ofNullable(settlement);
  }
}
