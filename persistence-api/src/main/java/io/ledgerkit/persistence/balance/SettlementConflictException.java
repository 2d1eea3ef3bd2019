package io.ledgerkit.persistence.balance;

/**
 * An idempotency key or settlement was reused inconsistently: an incoming settlement key with
 * another account or amount, or a settlement closed as succeeded after failing (or the reverse).
 * Nothing was changed.
 */
public final class SettlementConflictException extends BalanceException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what conflicts with what
   */
  public SettlementConflictException(String message) {
    super(message);
  }
}
