package io.ledgerkit.persistence.jpa.schemas;

/**
 * The family of the vault's own table, {@code vault_states}. Its changelog is {@code
 * migration/vault-schema.changelog-master.xml}.
 */
public final class VaultSchema {
  private VaultSchema() {}
}
