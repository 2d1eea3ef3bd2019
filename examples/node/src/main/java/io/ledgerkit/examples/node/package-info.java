/** A ledger node's own state, its two mapped-schema versions and its flows on the vault. */
package io.ledgerkit.examples.node;
