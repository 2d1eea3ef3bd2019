package io.ledgerkit.persistence.schema;

import jakarta.persistence.EmbeddedId;
import jakarta.persistence.MappedSuperclass;

/**
 * The superclass of every entity a {@link MappedSchema} maps: its primary key is the state's {@link
 * PersistentStateRef}, set by the library when the state is recorded.
 */
@MappedSuperclass
public class PersistentState {

  @EmbeddedId private PersistentStateRef stateRef;

  /** For subclasses and JPA. */
  protected PersistentState() {}

  /**
   * The key of the state this entity maps, or {@code null} before the library sets it.
   *
   * @return the state reference
   */
  public PersistentStateRef getStateRef() {
    return stateRef;
  }

  /**
   * Sets the key. Called by the library when it records the state; states do not call it.
   *
   * @param stateRef the state reference
   */
  public void setStateRef(PersistentStateRef stateRef) {
    this.stateRef = stateRef;
  }
}
