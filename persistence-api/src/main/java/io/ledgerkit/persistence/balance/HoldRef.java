package io.ledgerkit.persistence.balance;

import java.util.Objects;

/**
 * Names a hold: the account it was prepared on and the prepare's operation id.
 *
 * @param account the account
 * @param id the identified prepare's operation id
 */
public record HoldRef(AccountId account, OperationId id) {

  /**
   * Validates the reference: both parts required.
   *
   * @param account the account
   * @param id the identified prepare's operation id
   */
  public HoldRef {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(id, "id");
  }

  /**
   * Returns the reference to a hold.
   *
   * @param account the account
   * @param id the operation id
   * @return the reference
   */
  public static HoldRef of(AccountId account, OperationId id) {
    return new HoldRef(account, id);
  }

  @Override
  public String toString() {
    return account.value() + "/" + id.value();
  }
}
