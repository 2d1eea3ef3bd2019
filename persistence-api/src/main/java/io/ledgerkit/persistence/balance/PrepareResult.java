package io.ledgerkit.persistence.balance;

import java.util.Objects;

/**
 * What a successful prepare did: how much it took from prepaid and from clearing, and the balance
 * right after. Pass it to {@link BalanceTracker#reject(PrepareResult)} to undo exactly that
 * prepare.
 *
 * @param account the account
 * @param amount the prepared amount, {@code fromPrepaid + fromClearing}
 * @param fromPrepaid the part taken from the prepaid amount
 * @param fromClearing the part taken from the clearing balance
 * @param balance the account's balance right after the prepare
 */
public record PrepareResult(
    AccountId account, long amount, long fromPrepaid, long fromClearing, AccountBalance balance) {

  /** Validates the parts: not negative, summing to the amount, and the balance of this account. */
  public PrepareResult {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(balance, "balance");
    if (fromPrepaid < 0 || fromClearing < 0 || amount < 0) {
      throw new IllegalArgumentException(
          "prepare parts must not be negative: amount="
              + amount
              + ", fromPrepaid="
              + fromPrepaid
              + ", fromClearing="
              + fromClearing);
    }
    if (fromPrepaid + fromClearing != amount) {
      throw new IllegalArgumentException(
          "fromPrepaid "
              + fromPrepaid
              + " + fromClearing "
              + fromClearing
              + " must equal amount "
              + amount);
    }
    if (!balance.account().equals(account)) {
      throw new IllegalArgumentException(
          "balance of " + balance.account() + " does not belong to account " + account);
    }
  }
}
