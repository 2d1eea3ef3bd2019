/**
 * The JPA entities of the built-in mapped schemas: {@link
 * io.ledgerkit.persistence.jpa.entities.VaultStateEntity} ({@code vault_states}), the connector's
 * {@link io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity}, {@link
 * io.ledgerkit.persistence.jpa.entities.StaticRouteEntity} and {@link
 * io.ledgerkit.persistence.jpa.entities.RuntimeConfigEntryEntity}, and the node's {@link
 * io.ledgerkit.persistence.jpa.entities.NodeAttachmentEntity}. The schema versions that list them
 * are in {@link io.ledgerkit.persistence.jpa.schemas}; the repositories that read and write them in
 * {@link io.ledgerkit.persistence.jpa.repositories}.
 */
package io.ledgerkit.persistence.jpa.entities;
