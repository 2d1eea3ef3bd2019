/**
 * The balance tracker compatibility kit: {@link
 * io.ledgerkit.persistence.testkit.balance.BalanceTrackerContract}, the JUnit 5 suite every {@link
 * io.ledgerkit.persistence.balance.BalanceTracker} implementation extends with one factory method.
 * Its exactly-once cases live in the classes it extends: {@link
 * io.ledgerkit.persistence.testkit.balance.ExactlyOnceContract} (ids, holds, listing, batches) and
 * {@link io.ledgerkit.persistence.testkit.balance.ExpiryJournalRecoveryContract} (expiry, journal,
 * crash recovery, concurrency), on the fixture {@link
 * io.ledgerkit.persistence.testkit.balance.BalanceTrackerFixture} (the tracker and the hooks).
 */
package io.ledgerkit.persistence.testkit.balance;
