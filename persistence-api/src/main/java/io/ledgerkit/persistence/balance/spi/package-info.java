/**
 * The service provider interface of balance stores: what a third-party store implements ({@link
 * io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider}, registered in {@code
 * META-INF/services/io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider}) so that {@code
 * balance.store=<name>} finds it, and what such a store's tracker shares with the built-in ones:
 * {@link io.ledgerkit.persistence.balance.spi.Amounts} (the argument checks and their messages) and
 * {@link io.ledgerkit.persistence.balance.spi.CallGate} (close without failing calls in flight).
 * Applications use {@link io.ledgerkit.persistence.balance.BalanceTracker}; the contract suite in
 * the testkit checks a store.
 */
package io.ledgerkit.persistence.balance.spi;
