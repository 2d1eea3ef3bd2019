package io.ledgerkit.persistence.migrations;

/**
 * A migration operation failed: the database refused a change, could not be reached, or similar.
 */
public class MigrationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed
   * @param cause the underlying failure, or {@code null}
   */
  public MigrationException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed
   */
  public MigrationException(String message) {
    super(message);
  }
}
