/**
 * A payment connector's packet flow on Ledgerkit: settings in the database, balances on a store.
 */
package io.ledgerkit.examples.connector;
