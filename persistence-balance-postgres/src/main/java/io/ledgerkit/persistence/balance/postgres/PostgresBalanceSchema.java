package io.ledgerkit.persistence.balance.postgres;

/**
 * Names the family of the PostgreSQL balance tracker's tables. Its versions are {@link
 * PostgresBalanceSchemaV1}; the family's changelog is {@code
 * migration/postgres-balance-schema.changelog-master.xml} in this module.
 */
public final class PostgresBalanceSchema {
  private PostgresBalanceSchema() {}
}
