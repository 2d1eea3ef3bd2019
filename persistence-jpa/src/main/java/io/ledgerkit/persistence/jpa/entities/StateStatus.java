package io.ledgerkit.persistence.jpa.entities;

/** Whether a recorded state can still be spent. Stored in {@code vault_states.state_status}. */
public enum StateStatus {
  /** Recorded and not yet consumed. */
  UNCONSUMED,
  /** Consumed by a later transaction. */
  CONSUMED
}
