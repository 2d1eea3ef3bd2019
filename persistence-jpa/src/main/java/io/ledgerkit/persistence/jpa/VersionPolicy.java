package io.ledgerkit.persistence.jpa;

/** Which versions of a schema family are active in a {@link DefaultSchemaService}. */
public enum VersionPolicy {
  /** Every known version is active; a state is persisted to every active version it offers. */
  ALL_OFFERED,
  /**
   * Only the newest known version of the family is active; every state of the family is persisted
   * to that version (offered by the state or produced by a plugin's mapper).
   */
  LATEST
}
