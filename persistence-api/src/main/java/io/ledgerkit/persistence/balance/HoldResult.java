package io.ledgerkit.persistence.balance;

import java.util.Objects;

/**
 * The outcome of committing or releasing a hold.
 *
 * @param hold the hold after the call
 * @param balance the account's balance right after the hold was resolved (on a replay, the balance
 *     recorded then)
 * @param replayed {@code true} when the hold was already in this state and nothing changed
 */
public record HoldResult(Hold hold, AccountBalance balance, boolean replayed) {

  /**
   * Validates the result: hold and balance required, of the same account.
   *
   * @param hold the hold after the call
   * @param balance the account's balance right after the hold was resolved (on a replay, the
   *     balance recorded then)
   * @param replayed {@code true} when the hold was already in this state and nothing changed
   */
  public HoldResult {
    Objects.requireNonNull(hold, "hold");
    Objects.requireNonNull(balance, "balance");
    if (!hold.account().equals(balance.account())) {
      throw new IllegalArgumentException(
          "balance of " + balance.account() + " does not belong to hold " + hold.ref());
    }
  }

  /**
   * Returns this result marked as a replay.
   *
   * @return the same result with {@code replayed == true}
   */
  public HoldResult asReplay() {
    return replayed ? this : new HoldResult(hold, balance, true);
  }
}
