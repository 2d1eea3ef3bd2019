package io.ledgerkit.persistence.schema;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.io.Serializable;
import java.util.Objects;

/**
 * The embedded primary key of every mapped state entity: transaction id and output index, stored as
 * the columns {@code transaction_id} and {@code output_index}.
 */
@Embeddable
public class PersistentStateRef implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The id of the transaction that created the state. */
  @Column(name = "transaction_id", length = 64, nullable = false)
  private String txId;

  /** The state's index among that transaction's outputs. */
  @Column(name = "output_index", nullable = false)
  private int index;

  /** For JPA. */
  protected PersistentStateRef() {}

  /**
   * Creates the key of a state.
   *
   * @param ref the state's reference
   */
  public PersistentStateRef(StateRef ref) {
    this(ref.txId(), ref.index());
  }

  /**
   * Creates the key from its parts.
   *
   * @param txId the transaction id
   * @param index the output index
   */
  public PersistentStateRef(String txId, int index) {
    this.txId = Objects.requireNonNull(txId, "txId");
    this.index = index;
  }

  /**
   * The transaction id.
   *
   * @return the transaction id
   */
  public String getTxId() {
    return txId;
  }

  /**
   * The output index.
   *
   * @return the output index
   */
  public int getIndex() {
    return index;
  }

  /**
   * This key as a {@link StateRef}.
   *
   * @return the state reference
   */
  public StateRef toStateRef() {
    return new StateRef(txId, index);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PersistentStateRef other
        && index == other.index
        && Objects.equals(txId, other.txId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(txId, index);
  }

  @Override
  public String toString() {
    return txId + "(" + index + ")";
  }
}
