package io.ledgerkit.persistence.balance.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.migrations.OutstandingMigrationsException;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The tracker's mapped schema: migration, start-up verification, table prefix, PostgreSQL only. */
class PostgresBalanceSchemaTest {

  @Test
  void migrationResourceIsTheModulesChangelog() {
    PostgresBalanceSchemaV1 schema = new PostgresBalanceSchemaV1();
    assertThat(schema.migrationResource())
        .isEqualTo("migration/postgres-balance-schema.changelog-master.xml");
    assertThat(getClass().getClassLoader().getResource(schema.migrationResource())).isNotNull();
    assertThat(schema.version()).isEqualTo(1);
    assertThat(schema.mappedTypes()).isEmpty();
  }

  @Nested
  class OnPostgres {
    @RegisterExtension final TestDatabaseExtension db = TestDatabaseExtension.postgres();

    @Test
    void startupVerifiesAndRefusesAnOutOfDateDatabase(TestDatabase database) {
      assertThatThrownBy(
              () ->
                  PostgresBalanceTracker.configure()
                      .dataSource(database.dataSource())
                      .runMigration(false)
                      .start())
          .isInstanceOf(OutstandingMigrationsException.class)
          .hasMessageContaining("postgres-balance-v1-accounts")
          .hasMessageContaining("runMigration=true");
      assertThat(tables(database)).isEmpty();
    }

    @Test
    void tablePrefixNamesEveryObjectAndTheTrackerUsesIt(TestDatabase database) throws Exception {
      SchemaOptions options = SchemaOptions.tablePrefix("lk_");
      AccountId a = AccountId.of("prefixed");
      try (PostgresBalanceTracker tracker =
          PostgresBalanceTracker.configure()
              .dataSource(database.dataSource())
              .schemaOptions(options)
              .runMigration(true)
              .start()) {
        assertThat(tables(database))
            .containsExactlyInAnyOrder(
                "lk_balance_accounts",
                "lk_balance_incoming_settlements",
                "lk_balance_settlements",
                "lk_balance_operations",
                "lk_balance_journal");
        tracker.incomingSettlement("seed", a, 100);
        List<Outcome<FulfillResult>> fulfilled =
            tracker.fulfillAll(
                List.of(
                    FulfillRequest.of(a, 10),
                    new FulfillRequest(a, 50, BalanceSettings.settleAt(40, 5))));
        assertThat(fulfilled.get(1).get().settlement().amount()).isEqualTo(55);
        assertThat(
                tracker.prepareAll(List.of(PrepareRequest.of(a, 120))).get(0).get().fromPrepaid())
            .isEqualTo(100);
        assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, -15, 0));
        assertThat(tracker.pendingSettlements(a)).hasSize(1);
      }
      // Building again only verifies, and finds the database up to date.
      try (PostgresBalanceTracker again =
          PostgresBalanceTracker.configure()
              .dataSource(database.dataSource())
              .schemaOptions(options)
              .start()) {
        assertThat(again.balance(a)).isEqualTo(new AccountBalance(a, -15, 0));
      }
      // The tracker did not close the caller's data source.
      try (Connection c = database.dataSource().getConnection()) {
        assertThat(c.isValid(1)).isTrue();
      }
    }

    @Test
    void closedTrackerRefusesOperations(TestDatabase database) {
      PostgresBalanceTracker tracker =
          PostgresBalanceTracker.configure()
              .url(database.jdbcUrl(), database.user(), database.password())
              .runMigration(true)
              .start();
      tracker.close();
      tracker.close();
      assertThatThrownBy(() -> tracker.balance(AccountId.of("x")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }

  @Nested
  class OnOtherDatabases {
    @RegisterExtension final TestDatabaseExtension db = TestDatabaseExtension.h2();

    @Test
    void changelogHaltsOnAnythingButPostgres(TestDatabase database) {
      SchemaMigration migration =
          SchemaMigration.configure()
              .dataSource(database.dataSource())
              .schema(new PostgresBalanceSchemaV1())
              .runMigration(true)
              .load();
      assertThatThrownBy(migration::migrate).hasStackTraceContaining("PostgreSQL only");
    }

    @Test
    void trackerRefusesAnotherDatabase(TestDatabase database) {
      assertThatThrownBy(
              () ->
                  PostgresBalanceTracker.configure()
                      .dataSource(database.dataSource())
                      .runMigration(true)
                      .start())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs PostgreSQL")
          .hasMessageContaining("H2");
    }
  }

  @Test
  void unreachableServerIsAStoreFailure() {
    assertThatThrownBy(
            () ->
                PostgresBalanceTracker.configure()
                    .url("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1", "nobody", "secret")
                    .connectionTimeout(java.time.Duration.ofMillis(500))
                    .start())
        .isInstanceOf(io.ledgerkit.persistence.balance.BalanceStoreUnavailableException.class)
        .hasMessageContaining("cannot connect")
        .hasMessageNotContaining("secret");
  }

  private static List<String> tables(TestDatabase database) {
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = current_schema() AND table_name LIKE '%balance%'")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
