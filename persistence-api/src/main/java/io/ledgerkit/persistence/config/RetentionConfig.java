package io.ledgerkit.persistence.config;

import io.ledgerkit.persistence.balance.Retention;
import java.time.Duration;
import java.util.Objects;

/**
 * What the balance store keeps for exactly-once tracking ({@code balance.retention.*}), turned into
 * the {@link Retention} each store's provider gives its tracker.
 *
 * @param operations {@code balance.retention.operations}: how long the record of a resolved hold or
 *     an identified fulfill is kept, so that a retry is answered as a replay
 * @param journalAge {@code balance.retention.journalAge}: how long journal entries are kept, or
 *     {@code null} (not set) for no age limit
 * @param journalEntries {@code balance.retention.journalEntries}: how many journal entries are kept
 *     per account ({@code 0} for no count limit), or {@code null} when not set: then each store
 *     applies its own default ({@value Retention#DEFAULT_JOURNAL_ENTRIES} on memory and Redis, the
 *     whole journal on PostgreSQL)
 */
public record RetentionConfig(Duration operations, Duration journalAge, Long journalEntries) {

  /** Nothing set: one day of operation records, no journal age limit, each store's own length. */
  public static final RetentionConfig DEFAULTS =
      new RetentionConfig(Retention.DEFAULT_OPERATIONS, null, null);

  /**
   * Validates the limits as {@link Retention} does.
   *
   * @param operations {@code balance.retention.operations}: how long the record of a resolved hold
   *     or an identified fulfill is kept, so that a retry is answered as a replay
   * @param journalAge {@code balance.retention.journalAge}: how long journal entries are kept, or
   *     {@code null} (not set) for no age limit
   * @param journalEntries {@code balance.retention.journalEntries}: how many journal entries are
   *     kept per account ({@code 0} for no count limit), or {@code null} when not set: then each
   *     store applies its own default ({@value Retention#DEFAULT_JOURNAL_ENTRIES} on memory and
   *     Redis, the whole journal on PostgreSQL)
   */
  public RetentionConfig {
    Objects.requireNonNull(operations, "operations");
    new Retention(operations, journalAge, journalEntries == null ? 0 : journalEntries);
  }

  /**
   * The retention of the stores that bound the journal by default (memory, Redis): an unset {@code
   * journalEntries} is {@value Retention#DEFAULT_JOURNAL_ENTRIES}.
   *
   * @return the retention
   */
  public Retention toRetention() {
    return toRetention(Retention.defaults());
  }

  /**
   * The retention of a store with its own defaults: the settings given here, and the store's
   * journal length where {@code journalEntries} is not set. PostgreSQL passes {@link
   * Retention#unboundedJournal()}, so it keeps its journal whole unless {@code
   * balance.retention.journalEntries} is set.
   *
   * @param storeDefaults the store's default retention
   * @return the retention
   */
  public Retention toRetention(Retention storeDefaults) {
    Objects.requireNonNull(storeDefaults, "storeDefaults");
    return new Retention(
        operations,
        journalAge,
        journalEntries != null ? journalEntries : storeDefaults.journalEntries());
  }
}
