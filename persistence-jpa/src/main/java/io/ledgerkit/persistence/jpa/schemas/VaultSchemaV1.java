package io.ledgerkit.persistence.jpa.schemas;

import io.ledgerkit.persistence.jpa.entities.VaultStateEntity;
import io.ledgerkit.persistence.schema.MappedSchema;
import java.util.List;

/** Version 1 of the vault schema: one {@link VaultStateEntity} row per recorded state. */
public final class VaultSchemaV1 extends MappedSchema {

  /** Creates the schema (public for {@link java.util.ServiceLoader}). */
  public VaultSchemaV1() {
    super(VaultSchema.class, 1, List.of(VaultStateEntity.class));
  }
}
