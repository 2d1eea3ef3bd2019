/**
 * The built-in mapped schemas, registered through {@link java.util.ServiceLoader}: one family class
 * per family ({@link io.ledgerkit.persistence.jpa.schemas.VaultSchema}, {@link
 * io.ledgerkit.persistence.jpa.schemas.ConnectorSchema}, {@link
 * io.ledgerkit.persistence.jpa.schemas.NodeServices}) and one class per version, named after its
 * family with {@code V<n>}: {@link io.ledgerkit.persistence.jpa.schemas.VaultSchemaV1} ({@code
 * vault_states}), {@link io.ledgerkit.persistence.jpa.schemas.ConnectorSchemaV1} (account settings,
 * static routes, runtime configuration) and {@link
 * io.ledgerkit.persistence.jpa.schemas.NodeServicesSchemaV1} (node attachments). Their entities are
 * in {@link io.ledgerkit.persistence.jpa.entities}, the connector's repositories in {@link
 * io.ledgerkit.persistence.jpa.repositories}.
 *
 * <p>{@code NodeServices} keeps its name without the {@code Schema} suffix the other families have:
 * a family's kebab-case name ({@code node-services}) is the path of its changelog, and that path is
 * part of the identity of every change set already applied to a database, so renaming the family
 * would make Liquibase see its applied change sets as new ones.
 */
package io.ledgerkit.persistence.jpa.schemas;
