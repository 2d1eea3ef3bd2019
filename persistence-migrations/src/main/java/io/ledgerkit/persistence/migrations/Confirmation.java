package io.ledgerkit.persistence.migrations;

/**
 * The explicit confirmation {@link SchemaMigration#dropAll(Confirmation)} requires, so that
 * dropping every object of a database can never happen by accident (a {@code null} is refused).
 */
public enum Confirmation {
  /** I really want to drop every table, view and sequence of the database's schemas. */
  YES_DROP_EVERYTHING
}
