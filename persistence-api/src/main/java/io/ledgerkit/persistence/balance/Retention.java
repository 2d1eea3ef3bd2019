package io.ledgerkit.persistence.balance;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a tracker keeps what exactly-once tracking needs. Held holds are always kept; these
 * limits apply to records that can no longer change.
 *
 * @param operations how long the record of a resolved hold or an identified fulfill is kept, so
 *     that a repeat is answered as a replay; keep it at least as long as callers may retry
 * @param journalAge how long journal entries are kept, or {@code null} for no age limit
 * @param journalEntries how many journal entries are kept per account (the newest), or {@code 0}
 *     for no count limit
 */
public record Retention(Duration operations, Duration journalAge, long journalEntries) {

  /** The default operation retention: one day. */
  public static final Duration DEFAULT_OPERATIONS = Duration.ofHours(24);

  /** The default journal length per account on stores that bound it (Redis, memory). */
  public static final long DEFAULT_JOURNAL_ENTRIES = 10_000;

  /**
   * Validates the limits.
   *
   * @param operations how long the record of a resolved hold or an identified fulfill is kept, so
   *     that a repeat is answered as a replay; keep it at least as long as callers may retry
   * @param journalAge how long journal entries are kept, or {@code null} for no age limit
   * @param journalEntries how many journal entries are kept per account (the newest), or {@code 0}
   *     for no count limit
   */
  public Retention {
    Objects.requireNonNull(operations, "operations");
    if (operations.isNegative() || operations.isZero()) {
      throw new IllegalArgumentException(
          "operation retention " + operations + " must be positive (for example PT24H)");
    }
    if (journalAge != null && (journalAge.isNegative() || journalAge.isZero())) {
      throw new IllegalArgumentException(
          "journal age " + journalAge + " must be positive, or null for no age limit");
    }
    if (journalEntries < 0) {
      throw new IllegalArgumentException(
          "journal entries " + journalEntries + " must be 0 (no limit) or more");
    }
  }

  /**
   * The defaults of stores that bound the journal: operations kept one day, the newest 10,000
   * journal entries per account, no age limit.
   *
   * @return the default retention
   */
  public static Retention defaults() {
    return new Retention(DEFAULT_OPERATIONS, null, DEFAULT_JOURNAL_ENTRIES);
  }

  /**
   * Operations kept one day and the journal kept whole (PostgreSQL's default; trim it yourself).
   *
   * @return the retention
   */
  public static Retention unboundedJournal() {
    return new Retention(DEFAULT_OPERATIONS, null, 0);
  }

  /**
   * Returns a copy with another operation retention.
   *
   * @param value how long resolved records are kept
   * @return the new retention
   */
  public Retention withOperations(Duration value) {
    return new Retention(value, journalAge, journalEntries);
  }

  /**
   * Returns a copy with another journal age limit.
   *
   * @param value the age limit, or {@code null} for none
   * @return the new retention
   */
  public Retention withJournalAge(Duration value) {
    return new Retention(operations, value, journalEntries);
  }

  /**
   * Returns a copy with another journal length limit.
   *
   * @param value entries kept per account, or {@code 0} for no limit
   * @return the new retention
   */
  public Retention withJournalEntries(long value) {
    return new Retention(operations, journalAge, value);
  }
}
