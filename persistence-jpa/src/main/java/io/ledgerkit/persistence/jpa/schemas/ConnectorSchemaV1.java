package io.ledgerkit.persistence.jpa.schemas;

import io.ledgerkit.persistence.schema.MappedSchema;
import java.util.List;

/**
 * Version 1 of the connector schema: {@link AccountSettingsEntity} ({@code account_settings}),
 * {@link StaticRouteEntity} ({@code static_routes}) and {@link RuntimeConfigEntryEntity} ({@code
 * runtime_config_entries}).
 */
public final class ConnectorSchemaV1 extends MappedSchema {

  /** Creates the schema (public for {@link java.util.ServiceLoader}). */
  public ConnectorSchemaV1() {
    super(
        ConnectorSchema.class,
        1,
        List.of(
            AccountSettingsEntity.class, StaticRouteEntity.class, RuntimeConfigEntryEntity.class));
  }
}
