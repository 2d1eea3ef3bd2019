package io.ledgerkit.persistence.balance;

import io.ledgerkit.persistence.balance.spi.Amounts;
import java.util.UUID;

/**
 * Identifies one balance operation (a prepare, a fulfill) within its account, so that a repeat of
 * the same request is recognised and answered with the first result instead of being applied again.
 * An id is scoped to its account: the same id may name a prepare on one account and a fulfill on
 * another (an Interledger packet's id, used on the incoming and the outgoing account).
 *
 * @param value 1 to 128 characters of {@code A-Z a-z 0-9 . _ ~ - : /}
 */
public record OperationId(String value) {

  /**
   * Validates the id like an idempotency key.
   *
   * @param value 1 to 128 characters of {@code A-Z a-z 0-9 . _ ~ - : /}
   */
  public OperationId {
    if (value == null) {
      throw new NullPointerException("operation id must not be null");
    }
    try {
      Amounts.requireIdempotencyKey(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().replace("idempotency key", "operation id"), e);
    }
  }

  /**
   * Returns the id with the given text.
   *
   * @param value 1 to 128 characters of {@code A-Z a-z 0-9 . _ ~ - : /}
   * @return the id
   * @throws IllegalArgumentException naming the text when it is malformed
   */
  public static OperationId of(String value) {
    return new OperationId(value);
  }

  /**
   * Returns a fresh random id (a UUID).
   *
   * @return a new id
   */
  public static OperationId random() {
    return new OperationId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
