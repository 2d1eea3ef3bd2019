/**
 * The contracts of mapped schemas: states ({@link io.ledgerkit.persistence.schema.QueryableState}),
 * their versioned database mappings ({@link io.ledgerkit.persistence.schema.MappedSchema}), the
 * entities' common key ({@link io.ledgerkit.persistence.schema.PersistentStateRef}) and the {@link
 * io.ledgerkit.persistence.schema.SchemaService} that selects them.
 */
package io.ledgerkit.persistence.schema;
