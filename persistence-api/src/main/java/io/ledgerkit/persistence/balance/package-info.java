/**
 * The balance-tracking SPI: {@link io.ledgerkit.persistence.balance.BalanceTracker}, its value
 * types and exceptions, the atomic {@link io.ledgerkit.persistence.balance.InMemoryBalanceTracker}
 * and the group-committing {@link io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker}.
 */
package io.ledgerkit.persistence.balance;
