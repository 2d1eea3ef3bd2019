package io.ledgerkit.persistence.balance;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a fulfill.
 *
 * @param balance the account's balance right after the fulfill (and the settlement, if any); on a
 *     replay, the balance recorded by the first call
 * @param settlement the pending settlement the fulfill triggered, or {@code null}
 * @param id the operation id of an identified fulfill, or {@code null}
 * @param replayed {@code true} when this answers a repeat of an identified fulfill that had already
 *     been applied, and nothing changed
 */
public record FulfillResult(
    AccountBalance balance, PendingSettlement settlement, OperationId id, boolean replayed) {

  /**
   * Validates the result: a balance is required and a settlement belongs to the same account.
   *
   * @param balance the account's balance right after the fulfill (and the settlement, if any); on a
   *     replay, the balance recorded by the first call
   * @param settlement the pending settlement the fulfill triggered, or {@code null}
   * @param id the operation id of an identified fulfill, or {@code null}
   * @param replayed {@code true} when this answers a repeat of an identified fulfill that had
   *     already been applied, and nothing changed
   */
  public FulfillResult {
    Objects.requireNonNull(balance, "balance");
    if (settlement != null && !settlement.account().equals(balance.account())) {
      throw new IllegalArgumentException(
          "settlement of " + settlement.account() + " does not belong to " + balance.account());
    }
  }

  /**
   * The result of an unidentified fulfill.
   *
   * @param balance the balance right after
   * @param settlement the settlement triggered, or {@code null}
   */
  public FulfillResult(AccountBalance balance, PendingSettlement settlement) {
    this(balance, settlement, null, false);
  }

  /**
   * Returns the settlement this fulfill triggered, if any.
   *
   * @return the pending settlement, or empty
   */
  public Optional<PendingSettlement> pendingSettlement() {
    return Optional.ofNullable(settlement);
  }

  /**
   * Returns this result marked as a replay.
   *
   * @return the same result with {@code replayed == true}
   */
  public FulfillResult asReplay() {
    return replayed ? this : new FulfillResult(balance, settlement, id, true);
  }
}
