package io.ledgerkit.persistence.balance;

/**
 * A business refusal by a balance tracker: the request was well formed and the store answered, but
 * the rules forbid the change. Nothing was changed. Store failures are {@link
 * BalanceStoreUnavailableException}, which is not a subclass.
 *
 * <p>Parent of every business refusal of the balance API. Not retryable with the same arguments:
 * the store would answer the same.
 */
public abstract class BalanceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was refused and why
   */
  protected BalanceException(String message) {
    super(message);
  }
}
