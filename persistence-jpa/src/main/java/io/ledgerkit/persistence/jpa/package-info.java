/**
 * Mapped schemas on Hibernate ORM: {@link io.ledgerkit.persistence.jpa.PersistenceDatabase}
 * (migrations checked at start, validated mapping, thread-bound transactions, restricted JDBC
 * session), {@link io.ledgerkit.persistence.jpa.DefaultSchemaService} (discovery, version policies,
 * per-schema options, plugins) and the {@link io.ledgerkit.persistence.jpa.Vault}.
 */
package io.ledgerkit.persistence.jpa;
