package io.ledgerkit.persistence.testkit.balance;

/**
 * The expiry, journal and recovery part of the balance tracker compatibility kit: {@link
 * HoldExpiryContract} and {@link JournalRecoveryContract}. {@link BalanceTrackerContract} runs it
 * with every other part.
 */
public interface ExpiryJournalRecoveryContract
    extends HoldExpiryContract, JournalRecoveryContract {}
