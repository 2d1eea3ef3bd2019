package io.ledgerkit.persistence.jpa.entities;

import io.ledgerkit.persistence.schema.PersistentState;
import io.ledgerkit.persistence.schema.PersistentStateRef;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One row of {@code vault_states}: a recorded state, its class, its status and when it was recorded
 * and consumed. Join it with a mapped table on {@code (transaction_id, output_index)}.
 */
@Entity(name = "VaultState")
@Table(name = "vault_states")
public class VaultStateEntity extends PersistentState {

  @Column(name = "state_class", length = 255, nullable = false)
  private String stateClass;

  @Column(name = "state_status", length = 16, nullable = false)
  private String status;

  @Column(name = "recorded_at", nullable = false)
  private Instant recordedAt;

  @Column(name = "consumed_at")
  private Instant consumedAt;

  /** For JPA. */
  protected VaultStateEntity() {}

  /**
   * Creates an unconsumed row.
   *
   * @param ref the state's key
   * @param stateClass the state's class name
   * @param recordedAt when it was recorded
   */
  public VaultStateEntity(PersistentStateRef ref, String stateClass, Instant recordedAt) {
    setStateRef(ref);
    this.stateClass = stateClass;
    this.status = StateStatus.UNCONSUMED.name();
    this.recordedAt = recordedAt;
  }

  /**
   * The fully-qualified class name of the state.
   *
   * @return the class name
   */
  public String getStateClass() {
    return stateClass;
  }

  /**
   * The state's status.
   *
   * @return the status
   */
  public StateStatus getStatus() {
    return StateStatus.valueOf(status);
  }

  /**
   * When the state was recorded.
   *
   * @return the time
   */
  public Instant getRecordedAt() {
    return recordedAt;
  }

  /**
   * When the state was consumed, or {@code null} while unconsumed.
   *
   * @return the time or {@code null}
   */
  public Instant getConsumedAt() {
    return consumedAt;
  }

  /**
   * Marks the state consumed.
   *
   * @param at the time of consumption
   */
  public void markConsumed(Instant at) {
    this.status = StateStatus.CONSUMED.name();
    this.consumedAt = at;
  }
}
