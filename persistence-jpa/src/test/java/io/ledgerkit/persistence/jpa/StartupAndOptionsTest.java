package io.ledgerkit.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.config.SchemaVersionPolicy;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.fixtures.BadCashSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.CashSchema;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV2;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV2.PersistentCashV2;
import io.ledgerkit.persistence.jpa.fixtures.CashState;
import io.ledgerkit.persistence.jpa.fixtures.Keys;
import io.ledgerkit.persistence.jpa.fixtures.TradeSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.TradeState;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LATEST policy with table prefix and database schema options, and start-up refusals, on H2. */
class StartupAndOptionsTest {

  static final Party ALICE = Keys.party("Alice");

  @Test
  void latestPolicyWithPrefixAndDatabaseSchemaWritesOnlyTheNewestVersionWhereConfigured()
      throws Exception {
    String url = H2.freshUrl();
    DefaultSchemaService schemas =
        DefaultSchemaService.configure()
            .serviceLoader(false)
            .register(CashSchemaV1.class, CashSchemaV2.class, TradeSchemaV1.class)
            .versionPolicy(CashSchema.class, SchemaVersionPolicy.LATEST)
            .schemaOptions(CashSchema.class, SchemaOptions.tablePrefix("acme_"))
            .schemaOptions(TradeSchemaV1.TradeSchema.class, new SchemaOptions("TRADING", "t_"))
            .load();
    try (PersistenceDatabase db =
        PersistenceDatabase.configure()
            .url(url, "sa", "")
            .schemaService(schemas)
            .identityService(InMemoryIdentityService.of(ALICE))
            .runMigration(true)
            .start()) {
      StateRef cash = new StateRef("latest-cash", 0);
      StateRef trade = new StateRef("latest-trade", 0);
      db.transaction(
          s -> {
            db.vault()
                .record(
                    List.of(
                        new StateAndRef<>(new CashState(ALICE, ALICE, 11, "EUR"), cash),
                        new StateAndRef<>(
                            new TradeState("opt-trade", List.of(1L, 2L), ALICE), trade)));
            return null;
          });
      List<Long> amounts =
          db.transaction(
              s ->
                  db.vault().unconsumed(PersistentCashV2.class).stream()
                      .map(e -> e.amount)
                      .toList());
      assertThat(amounts).containsExactly(11L);
      int legs =
          db.transaction(
              s -> db.vault().unconsumed(TradeSchemaV1.PersistentTrade.class).get(0).legs.size());
      assertThat(legs).isEqualTo(2);
    }
    try (Connection c = DriverManager.getConnection(url, "sa", "")) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          c.createStatement()
              .executeQuery(
                  "select table_schema || '.' || table_name from information_schema.tables"
                      + " where table_schema in ('PUBLIC', 'TRADING') order by 1")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables)
          .contains(
              "PUBLIC.ACME_CASH_STATES_V2",
              "PUBLIC.VAULT_STATES",
              "TRADING.T_TRADES",
              "TRADING.T_TRADE_LEGS")
          .doesNotContain("PUBLIC.CASH_STATES_V2", "PUBLIC.TRADES");
      try (ResultSet rs =
          c.createStatement()
              .executeQuery(
                  "select (select count(*) from acme_cash_states_v2),"
                      + " (select count(*) from TRADING.t_trade_legs)")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
        assertThat(rs.getInt(2)).isEqualTo(2);
      }
    }
  }

  @Test
  void aMappingThatDisagreesWithItsChangelogStopsStartUpNamingTableAndColumn() {
    String url = H2.freshUrl();
    SchemaMigration.configure()
        .url(url, "sa", "")
        .schema(new BadCashSchemaV1())
        .schema(new io.ledgerkit.persistence.jpa.schemas.VaultSchemaV1())
        .runMigration(true)
        .load()
        .migrate();
    assertThatThrownBy(
            () ->
                PersistenceDatabase.configure()
                    .url(url, "sa", "")
                    .schemaService(
                        DefaultSchemaService.configure()
                            .serviceLoader(false)
                            .register(BadCashSchemaV1.class)
                            .load())
                    .start())
        .isInstanceOf(SchemaMappingException.class)
        .hasMessageContaining("memo_text")
        .hasMessageContaining("cash_states_v1")
        .hasMessageContaining("changelog");
  }

  @Test
  void incompleteConfigurationIsRefusedClearly() {
    assertThatThrownBy(() -> PersistenceDatabase.configure().url(H2.freshUrl(), "sa", "").start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("schemaService");
    assertThatThrownBy(() -> PersistenceDatabase.configure().url("postgres://x", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("postgres://x");
  }
}
