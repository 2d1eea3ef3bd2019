/**
 * Implementation details of the PostgreSQL balance tracker (SQL texts, error classification). Not a
 * public API: it may change at any time.
 */
package io.ledgerkit.persistence.balance.postgres.internal;
