package io.ledgerkit.examples.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the connector on each balance store and checks every balance against the rules. */
class ConnectorSimulationTest {

  private static final int PACKETS = 400;

  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();
  @RegisterExtension static final TestDatabaseExtension POSTGRES = TestDatabaseExtension.postgres();

  private static LedgerkitConfig.Builder h2() {
    return LedgerkitConfig.configure()
        .environment(Map.of())
        .databaseUrl("jdbc:h2:mem:connector-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
        .runMigration(true);
  }

  @Test
  void inMemory() {
    runAndCheck(h2().balanceStore("memory").load(), "InMemoryBalanceTracker");
  }

  @Test
  void onRedis(TestRedis redis) {
    LedgerkitConfig config =
        h2().balanceStore("redis")
            .redisUrl(redis.uri().toString())
            .redisKeyPrefix(redis.keyPrefix())
            .load();
    runAndCheck(config, "RedisBalanceTracker");
  }

  @Test
  void onRedisAutoBatched(TestRedis redis) {
    LedgerkitConfig config =
        h2().balanceStore("redis")
            .redisUrl(redis.uri().toString())
            .redisKeyPrefix(redis.keyPrefix())
            .autoBatch(true)
            .load();
    runAndCheck(config, "AutoBatchingBalanceTracker");
  }

  @Test
  void onPostgresForSettingsAndBalances(TestDatabase db) {
    // One PostgreSQL database for both: balance.postgres.url defaults to database.url.
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl(db.jdbcUrl())
            .databaseUser(db.user())
            .databasePassword(db.password())
            .runMigration(true)
            .balanceStore("postgres")
            .load();
    runAndCheck(config, "PostgresBalanceTracker");
  }

  private static void runAndCheck(LedgerkitConfig config, String trackerType) {
    List<AccountSettingsEntity> accounts = ConnectorExample.accounts();
    List<AccountId> ids = accounts.stream().map(AccountSettingsEntity::getAccountId).toList();
    ExpectedBalances expected =
        ExpectedBalances.compute(
            accounts,
            Map.of(AccountId.of("carol"), ConnectorExample.CAROL_PREFUND),
            PacketStream.generate(
                ConnectorExample.SEED, PACKETS, ids, ConnectorExample.MAX_AMOUNT));
    // The stream exercises every path.
    assertThat(expected.fulfilled).isPositive();
    assertThat(expected.rejected).isPositive();
    assertThat(expected.refused).isPositive();
    assertThat(expected.settlements).hasSizeGreaterThan(3);

    try (Ledgerkit ledgerkit = Ledgerkit.start(config)) {
      assertThat(ledgerkit.balanceTracker().getClass().getSimpleName()).isEqualTo(trackerType);
      SimulationReport report = ConnectorExample.run(ledgerkit, PACKETS);

      assertThat(report.fulfilled()).isEqualTo(expected.fulfilled);
      assertThat(report.rejected()).isEqualTo(expected.rejected);
      assertThat(report.refused()).isEqualTo(expected.refused);
      assertThat(report.settlements())
          .extracting(PendingSettlement::amount)
          .containsExactlyElementsOf(expected.settlements);
      for (AccountId id : ids) {
        assertThat(ledgerkit.balanceTracker().balance(id)).isEqualTo(expected.of(id));
      }
      // Every settlement was confirmed: none is left pending.
      for (AccountId id : ids) {
        assertThat(ledgerkit.balanceTracker().pendingSettlements(id)).isEmpty();
      }
      // The settings came back from the connector schema.
      assertThat(ledgerkit.accountSettings().list())
          .extracting(AccountSettingsEntity::getAccountId)
          .containsExactlyInAnyOrderElementsOf(ids);
    }
  }
}
