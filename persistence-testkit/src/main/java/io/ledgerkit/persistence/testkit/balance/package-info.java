/**
 * The balance tracker compatibility kit: {@link
 * io.ledgerkit.persistence.testkit.balance.BalanceTrackerContract}, the JUnit 5 suite every {@link
 * io.ledgerkit.persistence.balance.BalanceTracker} implementation extends with one factory method,
 * runs every part of the kit on the tracker and, nested, through an {@code
 * AutoBatchingBalanceTracker}. The parts are interfaces of JUnit 5 default test methods on one
 * shared hook, {@link io.ledgerkit.persistence.testkit.balance.BalanceTrackerFixture}: {@link
 * io.ledgerkit.persistence.testkit.balance.PrepareRejectContract}, {@link
 * io.ledgerkit.persistence.testkit.balance.FulfillContract}, {@link
 * io.ledgerkit.persistence.testkit.balance.SettlementContract}, {@link
 * io.ledgerkit.persistence.testkit.balance.IncomingSettlementContract}, {@link
 * io.ledgerkit.persistence.testkit.balance.ExactnessContract}, {@link
 * io.ledgerkit.persistence.testkit.balance.InputValidationContract}, {@link
 * io.ledgerkit.persistence.testkit.balance.BatchContract}, {@link
 * io.ledgerkit.persistence.testkit.balance.CloseContract}, {@link
 * io.ledgerkit.persistence.testkit.balance.ConcurrencyContract}, {@link
 * io.ledgerkit.persistence.testkit.balance.ExactlyOnceContract} ({@link
 * io.ledgerkit.persistence.testkit.balance.OperationIdContract}: ids; {@link
 * io.ledgerkit.persistence.testkit.balance.HoldContract}: holds, listing, batches) and {@link
 * io.ledgerkit.persistence.testkit.balance.ExpiryJournalRecoveryContract} ({@link
 * io.ledgerkit.persistence.testkit.balance.HoldExpiryContract}: expiry; {@link
 * io.ledgerkit.persistence.testkit.balance.JournalRecoveryContract}: journal, crash recovery,
 * retried operations).
 */
package io.ledgerkit.persistence.testkit.balance;
