package io.ledgerkit.persistence.balance.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.migrations.OutstandingMigrationsException;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** balance.store=postgres builds a PostgresBalanceTracker from the configuration. */
class PostgresBalanceTrackerProviderTest {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  private final ClassLoader loader = getClass().getClassLoader();

  private static LedgerkitConfig.Builder config() {
    return LedgerkitConfig.configure().environment(Map.of()).balanceStore("postgres");
  }

  private static boolean tableExists(TestDatabase d, String table) throws Exception {
    try (Connection c = d.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_schema = ? AND table_name = ?")) {
      ps.setString(1, d.schema());
      ps.setString(2, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1) == 1;
      }
    }
  }

  @Test
  void explicitUrlWithRunMigrationCreatesTheTablesAndTracks() throws Exception {
    TestDatabase d = DB.database();
    LedgerkitConfig c =
        config()
            .postgresBalanceUrl(d.jdbcUrl())
            .set("balance.postgres.user", d.user())
            .set("balance.postgres.password", d.password())
            .runMigration(true)
            .load();
    assertThat(BalanceTrackerProvider.forStore("postgres", loader).getClass().getSimpleName())
        .isEqualTo("PostgresBalanceTrackerProvider");
    AccountId alice = AccountId.of("alice");
    try (BalanceTracker tracker = BalanceTrackerProvider.createTracker(c, loader)) {
      assertThat(tracker).isInstanceOf(PostgresBalanceTracker.class);
      tracker.fulfill(alice, 40, BalanceSettings.NONE);
      tracker.prepare(alice, 15);
      assertThat(tracker.balance(alice)).isEqualTo(new AccountBalance(alice, 25, 0));
    }
    assertThat(tableExists(d, "balance_accounts")).isTrue();
  }

  @Test
  void inheritsTheDatabaseUrlAndAppliesAutoBatch() throws Exception {
    TestDatabase d = DB.database();
    LedgerkitConfig c =
        config()
            .databaseUrl(d.jdbcUrl())
            .databaseUser(d.user())
            .databasePassword(d.password())
            .runMigration(true)
            .autoBatch(true)
            .load();
    assertThat(c.balance().postgres().url()).isEqualTo(d.jdbcUrl());
    AccountId bob = AccountId.of("bob");
    try (BalanceTracker tracker = BalanceTrackerProvider.createTracker(c, loader)) {
      assertThat(tracker).isInstanceOf(AutoBatchingBalanceTracker.class);
      assertThat(((AutoBatchingBalanceTracker) tracker).settings())
          .as("the store's own auto-batch settings: 4 batches in flight")
          .isEqualTo(PostgresBalanceTracker.AUTO_BATCH_SETTINGS);
      assertThat(((AutoBatchingBalanceTracker) tracker).maxConcurrentBatches()).isEqualTo(4);
      tracker.fulfill(bob, 9, BalanceSettings.NONE);
      assertThat(tracker.balance(bob).clearingBalance()).isEqualTo(9);
    }
    LedgerkitConfig explicitQueue =
        config()
            .databaseUrl(d.jdbcUrl())
            .databaseUser(d.user())
            .databasePassword(d.password())
            .autoBatch(true)
            .set("balance.autoBatchMaxQueueTime", "250ms")
            .load();
    try (BalanceTracker tracker = BalanceTrackerProvider.createTracker(explicitQueue, loader)) {
      assertThat(((AutoBatchingBalanceTracker) tracker).settings())
          .as("an explicit balance.autoBatchMaxQueueTime wins over the store's queue time")
          .isEqualTo(
              PostgresBalanceTracker.AUTO_BATCH_SETTINGS.withMaxQueueTime(Duration.ofMillis(250)));
    }
    assertThat(tableExists(d, "balance_accounts")).isTrue();
  }

  @Test
  void withoutRunMigrationAnEmptyDatabaseIsRefusedAndNothingIsCreated() throws Exception {
    TestDatabase d = DB.database();
    LedgerkitConfig c =
        config()
            .postgresBalanceUrl(d.jdbcUrl())
            .set("balance.postgres.user", d.user())
            .set("balance.postgres.password", d.password())
            .load();
    assertThat(c.database().runMigration()).isFalse();
    assertThatThrownBy(() -> BalanceTrackerProvider.createTracker(c, loader))
        .isInstanceOf(OutstandingMigrationsException.class);
    assertThat(tableExists(d, "balance_accounts")).isFalse();
  }
}
