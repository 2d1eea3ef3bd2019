package io.ledgerkit.persistence.schema;

import java.util.Objects;

/**
 * Points at one output of one transaction: the identity of a state.
 *
 * @param txId the transaction id (1 to 64 characters, typically a hex hash)
 * @param index the output index, 0 or more
 */
public record StateRef(String txId, int index) {

  /**
   * Validates the reference.
   *
   * @param txId the transaction id (1 to 64 characters, typically a hex hash)
   * @param index the output index, 0 or more
   */
  public StateRef {
    Objects.requireNonNull(txId, "txId");
    if (txId.isBlank() || txId.length() > 64) {
      throw new IllegalArgumentException(
          "transaction id '" + txId + "' must be 1 to 64 non-blank characters");
    }
    if (index < 0) {
      throw new IllegalArgumentException("output index " + index + " must be 0 or more");
    }
  }

  @Override
  public String toString() {
    return txId + "(" + index + ")";
  }
}
