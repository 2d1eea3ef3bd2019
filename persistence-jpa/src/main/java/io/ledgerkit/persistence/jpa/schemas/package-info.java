/**
 * The built-in mapped schemas, registered through {@link java.util.ServiceLoader}: {@link
 * io.ledgerkit.persistence.jpa.schemas.VaultSchemaV1} ({@code vault_states}), {@link
 * io.ledgerkit.persistence.jpa.schemas.ConnectorSchemaV1} (account settings, static routes, runtime
 * configuration) and {@link io.ledgerkit.persistence.jpa.schemas.NodeServicesSchemaV1} (node
 * attachments), with repositories for the connector schema.
 */
package io.ledgerkit.persistence.jpa.schemas;
