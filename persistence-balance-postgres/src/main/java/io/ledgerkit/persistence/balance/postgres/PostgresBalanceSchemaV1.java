package io.ledgerkit.persistence.balance.postgres;

import io.ledgerkit.persistence.schema.MappedSchema;
import java.util.List;

/**
 * Version 1 of the tables of {@link PostgresBalanceTracker}: {@code balance_accounts} (with the
 * per-account journal sequence), {@code balance_incoming_settlements}, {@code balance_settlements},
 * {@code balance_operations} (identified prepares as holds, identified fulfills), {@code
 * balance_journal}, and the functions {@code balance_apply_ops}, {@code balance_expire_holds},
 * {@code balance_incoming} and {@code balance_close_settlement} (all names after the optional table
 * prefix). The exactly-once tables and functions are change sets added to the family's changelog
 * after the first ones, so a database migrated by an earlier build gains them on its next
 * migration. The tracker reads and writes them with plain JDBC, so the schema has no entity types.
 *
 * <p>This schema is PostgreSQL-only: its changelog refuses to run on any other database. It is not
 * registered for {@link java.util.ServiceLoader} discovery, so that schema sets of other databases
 * never pick it up; pass it explicitly to {@code SchemaMigration}, or let {@link
 * PostgresBalanceTracker.Builder#runMigration(boolean)} do it.
 */
public final class PostgresBalanceSchemaV1 extends MappedSchema {

  /** Creates the schema (public for {@link java.util.ServiceLoader} style instantiation). */
  public PostgresBalanceSchemaV1() {
    super(PostgresBalanceSchema.class, 1, List.of());
  }
}
