package io.ledgerkit.persistence.schema;

import java.util.Objects;

/**
 * A state together with its reference.
 *
 * @param state the state
 * @param ref where it was created
 * @param <T> the state type
 */
public record StateAndRef<T extends ContractState>(T state, StateRef ref) {

  /**
   * Requires both parts.
   *
   * @param state the state
   * @param ref where it was created
   */
  public StateAndRef {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(ref, "ref");
  }
}
