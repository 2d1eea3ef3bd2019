package io.ledgerkit.persistence.balance;

/**
 * The balance store could not be reached or did not answer in time. This is an infrastructure
 * failure, never a business answer: the operation may or may not have been applied if the failure
 * happened after the request was sent (the outcome is in doubt), and callers should retry or
 * reconcile rather than treat it as a refusal.
 */
public final class BalanceStoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which store and what failed
   * @param cause the store client's exception
   */
  public BalanceStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
