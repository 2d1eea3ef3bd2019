package io.ledgerkit.persistence.testkit.balance;

/**
 * Every part of the balance tracker contract in one interface: what {@link BalanceTrackerContract}
 * runs on the tracker and again through an auto-batching wrapper. A store test that wants its own
 * fixture instead of {@link BalanceTrackerContract}'s implements this and {@code fixture()}.
 */
public interface EveryContract
    extends PrepareRejectContract,
        FulfillContract,
        SettlementContract,
        IncomingSettlementContract,
        ExactnessContract,
        InputValidationContract,
        BatchContract,
        CloseContract,
        ConcurrencyContract,
        ExactlyOnceContract,
        ExpiryJournalRecoveryContract {}
