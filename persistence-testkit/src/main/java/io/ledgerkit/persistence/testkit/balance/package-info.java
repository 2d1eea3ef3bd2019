/**
 * The balance tracker compatibility kit: {@link
 * io.ledgerkit.persistence.testkit.balance.BalanceTrackerContract}, the JUnit 5 suite every {@link
 * io.ledgerkit.persistence.balance.BalanceTracker} implementation extends with one factory method.
 * Its exactly-once cases (operation ids, holds, expiry, journal) live in {@link
 * io.ledgerkit.persistence.testkit.balance.ExactlyOnceContract}, which it extends.
 */
package io.ledgerkit.persistence.testkit.balance;
