package io.ledgerkit.persistence.jpa.schemas;

import io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity;
import io.ledgerkit.persistence.jpa.entities.RuntimeConfigEntryEntity;
import io.ledgerkit.persistence.jpa.entities.StaticRouteEntity;
import io.ledgerkit.persistence.schema.MappedSchema;
import java.util.List;

/**
 * Version 1 of the connector schema: {@link AccountSettingsEntity} ({@code lk_account_settings}),
 * {@link StaticRouteEntity} ({@code lk_static_routes}) and {@link RuntimeConfigEntryEntity} ({@code
 * lk_runtime_config_entries}). The {@link #DEFAULT_TABLE_PREFIX default prefix} keeps these generic
 * names free for a connector's own tables; {@code schemas.connector-schema.tablePrefix} replaces it
 * (set it empty for the unprefixed names).
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

  /** The prefix of the connector tables when none is configured. */
  public static final String DEFAULT_TABLE_PREFIX = "lk_";

  /**
   * {@value #DEFAULT_TABLE_PREFIX}.
   *
   * @return the default prefix
   */
  @Override
  public String defaultTablePrefix() {
    return DEFAULT_TABLE_PREFIX;
  }
}
