package io.ledgerkit.persistence.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code balance.holds.expiry.*} and {@code balance.retention.*} keys. */
class HoldsAndRetentionConfigTest {

  private static LedgerkitConfig.Builder builder() {
    return LedgerkitConfig.configure().environment(Map.of());
  }

  @Test
  void defaultsRunTheSchedulerEverySecondAndKeepTheStoresOwnJournalLength() {
    LedgerkitConfig config = LedgerkitConfig.defaults();

    HoldExpiryConfig expiry = config.balance().holdExpiry();
    assertThat(expiry).isEqualTo(HoldExpiryConfig.DEFAULTS);
    assertThat(expiry.enabled()).isTrue();
    assertThat(expiry.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(expiry.batchSize()).isEqualTo(1000);

    RetentionConfig retention = config.balance().retention();
    assertThat(retention).isEqualTo(RetentionConfig.DEFAULTS);
    assertThat(retention.journalAge()).isNull();
    assertThat(retention.journalEntries()).isNull();
    assertThat(retention.toRetention()).isEqualTo(Retention.defaults());
    // PostgreSQL keeps its journal whole unless journalEntries is set.
    assertThat(retention.toRetention(Retention.unboundedJournal()))
        .isEqualTo(Retention.unboundedJournal());

    assertThat(config.toProperties())
        .containsEntry("balance.holds.expiry.enabled", "true")
        .containsEntry("balance.holds.expiry.interval", "1s")
        .containsEntry("balance.holds.expiry.batchSize", "1000")
        .containsEntry("balance.retention.operations", "24h")
        .doesNotContainKey("balance.retention.journalAge")
        .doesNotContainKey("balance.retention.journalEntries");
    assertThat(config.source("balance.retention.operations")).isEqualTo(ConfigSource.DEFAULT);
  }

  @Test
  void valuesComeFromEveryLayerInBothDurationNotations() {
    java.util.Properties file = new java.util.Properties();
    file.setProperty("balance.holds.expiry.interval", "PT0.25S");
    file.setProperty("balance.retention.journalAge", "P7D");
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .properties(file)
            .environment(
                Map.of(
                    "LEDGERKIT_BALANCE_HOLDS_EXPIRY_BATCH_SIZE", "50",
                    "LEDGERKIT_BALANCE_RETENTION_JOURNAL_ENTRIES", "500",
                    "LEDGERKIT_BALANCE_HOLDS_EXPIRY_ENABLED", "FALSE"))
            .set("balance.retention.operations", "48h")
            .load();

    assertThat(config.balance().holdExpiry())
        .isEqualTo(new HoldExpiryConfig(false, Duration.ofMillis(250), 50));
    RetentionConfig r = config.balance().retention();
    assertThat(r).isEqualTo(new RetentionConfig(Duration.ofHours(48), Duration.ofDays(7), 500L));
    assertThat(r.toRetention())
        .isEqualTo(new Retention(Duration.ofHours(48), Duration.ofDays(7), 500));
    // Set explicitly, the length applies on PostgreSQL too.
    assertThat(r.toRetention(Retention.unboundedJournal()).journalEntries()).isEqualTo(500);
    assertThat(config.source("balance.holds.expiry.interval")).isEqualTo(ConfigSource.FILE);
    assertThat(config.source("balance.retention.journalEntries"))
        .isEqualTo(ConfigSource.ENVIRONMENT);
    assertThat(config.source("balance.retention.operations")).isEqualTo(ConfigSource.CODE);
    assertThat(config.toProperties())
        .containsEntry("balance.holds.expiry.interval", "250ms")
        .containsEntry("balance.retention.journalAge", "168h")
        .containsEntry("balance.retention.operations", "48h");
  }

  @Test
  void zeroJournalEntriesMeansNoCountLimitEverywhere() {
    RetentionConfig r =
        builder().set("balance.retention.journalEntries", "0").load().balance().retention();

    assertThat(r.toRetention().journalEntries()).isZero();
    assertThat(r.toRetention(Retention.unboundedJournal()).journalEntries()).isZero();
  }

  @Test
  void everyBadValueIsReportedAtOnceNamingKeyValueAndFix() {
    assertThatThrownBy(
            () ->
                builder()
                    .set("balance.holds.expiry.enabled", "yes")
                    .set("balance.holds.expiry.interval", "0s")
                    .set("balance.holds.expiry.batchSize", "0")
                    .set("balance.retention.operations", "soon")
                    .set("balance.retention.journalAge", "-PT1H")
                    .set("balance.retention.journalEntries", "-5")
                    .load())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("6 problems")
        .hasMessageContaining("balance.holds.expiry.enabled = \"yes\" (code): true or false")
        .hasMessageContaining(
            "balance.holds.expiry.interval = \"0s\" (code): a duration of 10 ms to 1 hour")
        .hasMessageContaining("PT1S")
        .hasMessageContaining(
            "balance.holds.expiry.batchSize = \"0\" (code): an integer from 1 to 100000")
        .hasMessageContaining(
            "balance.retention.operations = \"soon\" (code): a duration of 1 second to 3650 days")
        .hasMessageContaining("balance.retention.journalAge = \"-PT1H\" (code): a duration of")
        .hasMessageContaining(
            "balance.retention.journalEntries = \"-5\" (code): an integer from 0 (no count limit)")
        .hasMessageContaining("leave it unset for the store's default");
  }

  @Test
  void sub_millisecondAndOverlongDurationsAreRefused() {
    assertThatThrownBy(
            () ->
                builder()
                    .set("balance.holds.expiry.interval", "PT0.0105S")
                    .set("balance.retention.operations", "3651d")
                    .load())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("2 problems")
        .hasMessageContaining("balance.holds.expiry.interval = \"PT0.0105S\"")
        .hasMessageContaining("balance.retention.operations = \"3651d\"");
  }

  @Test
  void theInMemoryProviderAppliesTheConfiguredRetention() {
    LedgerkitConfig config =
        builder()
            .set("balance.retention.journalEntries", "3")
            .set("balance.retention.operations", "2h")
            .load();
    AccountId alice = AccountId.of("alice");
    try (BalanceTracker tracker =
        BalanceTrackerProvider.createTracker(config, getClass().getClassLoader())) {
      assertThat(tracker).isInstanceOf(InMemoryBalanceTracker.class);
      assertThat(((InMemoryBalanceTracker) tracker).retention())
          .isEqualTo(new Retention(Duration.ofHours(2), null, 3));
      for (int i = 0; i < 5; i++) {
        tracker.fulfill(alice, 1, BalanceSettings.NONE);
      }
      List<JournalEntry> journal = tracker.journal(alice, 1, 100);
      // Only the newest three of five entries are kept.
      assertThat(journal).extracting(JournalEntry::sequence).containsExactly(3L, 4L, 5L);
      AccountBalance balance = tracker.balance(alice);
      assertThat(balance.netBalance()).isEqualTo(5);
    }
  }
}
