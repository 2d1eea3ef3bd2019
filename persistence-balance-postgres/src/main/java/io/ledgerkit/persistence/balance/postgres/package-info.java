/**
 * Balance tracking on PostgreSQL: {@link
 * io.ledgerkit.persistence.balance.postgres.PostgresBalanceTracker}, with one statement per
 * operation, a server-side batch function (one round trip and one commit per batch) and its tables
 * as the mapped schema {@link io.ledgerkit.persistence.balance.postgres.PostgresBalanceSchemaV1}.
 */
package io.ledgerkit.persistence.balance.postgres;
