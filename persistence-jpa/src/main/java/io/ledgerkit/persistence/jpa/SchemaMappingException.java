package io.ledgerkit.persistence.jpa;

/**
 * The ORM mapping of the active schemas disagrees with the database (a table or column the entities
 * expect is missing or has another type): start-up is refused. The message names the table and
 * column; fix the entity or add a change set to the schema's changelog.
 *
 * <p>A {@link RuntimeException}, like {@link TransactionFailedException}, the module's other
 * exception (one is thrown at start-up, the other per transaction, and no caller handles both in
 * one place). Not retryable: the mapping or the database must change.
 */
public final class SchemaMappingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what disagrees and how to fix it
   * @param cause Hibernate's validation failure
   */
  public SchemaMappingException(String message, Throwable cause) {
    super(message, cause);
  }
}
