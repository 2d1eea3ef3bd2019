package io.ledgerkit.persistence.jpa;

/**
 * A transaction's work threw a checked exception (its cause), or the transaction could not commit
 * because an inner transaction failed; the transaction was rolled back.
 *
 * <p>A {@link RuntimeException}. Retry only work that is safe to repeat; deadlocks and
 * serialization failures are already retried for work wrapped in {@code
 * TransactionWork.retryable(...)}.
 */
public final class TransactionFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the failure, or {@code null}
   */
  public TransactionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
