package io.ledgerkit.persistence.balance;

import io.ledgerkit.persistence.balance.spi.Amounts;
import java.util.Objects;

/**
 * An amount moved out of an account's clearing balance by a fulfill, waiting to be settled.
 *
 * @param id the settlement's id
 * @param account the account, the same as {@code id.account()}
 * @param amount the amount to settle, positive
 */
public record PendingSettlement(SettlementId id, AccountId account, long amount) {

  /**
   * Validates the settlement: id and account agree, amount positive.
   *
   * @param id the settlement's id
   * @param account the account, the same as {@code id.account()}
   * @param amount the amount to settle, positive
   */
  public PendingSettlement {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(account, "account");
    if (!id.account().equals(account)) {
      throw new IllegalArgumentException(
          "settlement id " + id + " does not belong to account " + account);
    }
    Amounts.requirePositive("settlement amount", amount);
  }
}
