package io.ledgerkit.persistence.balance;

import java.time.Instant;
import java.util.Objects;

/**
 * One immutable change to an account, appended in the same atomic step as the change. For an
 * account whose journal is complete (it starts at sequence 1), the deltas sum to its balance.
 *
 * @param account the account
 * @param sequence the account's sequence number, from 1, without gaps
 * @param kind what changed the account
 * @param reference the operation id, settlement id or idempotency key, or {@code null} for an
 *     unidentified prepare, fulfill or reject
 * @param clearingDelta the change of the clearing balance
 * @param prepaidDelta the change of the prepaid amount
 * @param balance the balance right after the change
 * @param at the store's time of the change, to the millisecond
 */
public record JournalEntry(
    AccountId account,
    long sequence,
    JournalKind kind,
    String reference,
    long clearingDelta,
    long prepaidDelta,
    AccountBalance balance,
    Instant at) {

  /**
   * Validates the entry.
   *
   * @param account the account
   * @param sequence the account's sequence number, from 1, without gaps
   * @param kind what changed the account
   * @param reference the operation id, settlement id or idempotency key, or {@code null} for an
   *     unidentified prepare, fulfill or reject
   * @param clearingDelta the change of the clearing balance
   * @param prepaidDelta the change of the prepaid amount
   * @param balance the balance right after the change
   * @param at the store's time of the change, to the millisecond
   */
  public JournalEntry {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(at, "at");
    if (sequence < 1) {
      throw new IllegalArgumentException("journal sequence " + sequence + " must be 1 or more");
    }
  }
}
