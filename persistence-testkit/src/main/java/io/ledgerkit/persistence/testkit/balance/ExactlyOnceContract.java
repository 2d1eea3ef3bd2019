package io.ledgerkit.persistence.testkit.balance;

/**
 * The exactly-once part of the balance tracker compatibility kit: {@link OperationIdContract}
 * (replays after a lost reply, conflicts, scoping to the account, unidentified calls unchanged) and
 * {@link HoldContract} (holds: state and split, commit, reject, listing, batches, bad arguments).
 * {@link BalanceTrackerContract} runs it with every other part.
 */
public interface ExactlyOnceContract extends OperationIdContract, HoldContract {}
