/**
 * The balance tracker compatibility kit: {@link
 * io.ledgerkit.persistence.testkit.balance.BalanceTrackerContract}, the JUnit 5 suite every {@link
 * io.ledgerkit.persistence.balance.BalanceTracker} implementation extends with one factory method.
 */
package io.ledgerkit.persistence.testkit.balance;
