package io.ledgerkit.persistence.jpa.schemas;

/**
 * The family of a payment connector's configuration tables (account settings, static routes,
 * runtime configuration). Its changelog is {@code migration/connector-schema.changelog-master.xml}.
 */
public final class ConnectorSchema {
  private ConnectorSchema() {}
}
