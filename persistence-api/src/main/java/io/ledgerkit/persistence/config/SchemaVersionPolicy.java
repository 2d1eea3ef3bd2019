package io.ledgerkit.persistence.config;

/** Which versions of each mapped-schema family are active ({@code schemas.versionPolicy}). */
public enum SchemaVersionPolicy {
  /** The default: every version a state or plugin offers is active (and migrated). */
  ALL_OFFERED,
  /** Only the highest version of each family is active. */
  LATEST
}
