package io.ledgerkit.persistence.migrations;

/**
 * A migration operation failed: the database refused a change, could not be reached, or similar.
 * The parent of every exception of this module: {@link OutstandingMigrationsException} (the
 * database is behind the code), {@link MissingMigrationException} (a schema has no changelog) and
 * {@link UnknownChangeSetsException} (a rollback over change sets the changelogs do not know).
 * Retryable only when the cause is: a database that could not be reached, or a Liquibase lock held
 * by a migration still running; the subclasses and a refused change set give the same answer until
 * the database, the changelogs or the options change.
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
