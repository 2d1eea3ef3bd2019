/**
 * Liquibase migrations of mapped schemas: {@link
 * io.ledgerkit.persistence.migrations.SchemaMigration} runs, verifies, reports, generates SQL for,
 * tags and rolls back the master changelog of each active {@link
 * io.ledgerkit.persistence.schema.MappedSchema}.
 */
package io.ledgerkit.persistence.migrations;
