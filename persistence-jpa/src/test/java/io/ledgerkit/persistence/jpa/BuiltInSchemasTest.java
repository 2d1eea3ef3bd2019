package io.ledgerkit.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity;
import io.ledgerkit.persistence.jpa.entities.NodeAttachmentEntity;
import io.ledgerkit.persistence.jpa.entities.StaticRouteEntity;
import io.ledgerkit.persistence.jpa.repositories.AccountSettingsRepository;
import io.ledgerkit.persistence.jpa.repositories.RuntimeConfigRepository;
import io.ledgerkit.persistence.jpa.repositories.StaticRouteRepository;
import io.ledgerkit.persistence.jpa.schemas.ConnectorSchemaV1;
import io.ledgerkit.persistence.jpa.schemas.NodeServicesSchemaV1;
import io.ledgerkit.persistence.jpa.schemas.VaultSchemaV1;
import io.ledgerkit.persistence.migrations.OutstandingMigrationsException;
import jakarta.persistence.OptimisticLockException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The built-in schemas, found by ServiceLoader, migrated and used on H2. */
class BuiltInSchemasTest {

  static String url;
  static PersistenceDatabase db;

  @BeforeAll
  static void start() {
    url = H2.freshUrl();
    db =
        PersistenceDatabase.configure()
            .url(url, "sa", "")
            .schemaService(DefaultSchemaService.configure().load())
            .runMigration(true)
            .start();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void serviceLoaderFindsEveryBuiltInSchemaAndMigrationCreatesTheirTables() throws Exception {
    assertThat(db.schemaService().schemas())
        .contains(new VaultSchemaV1(), new ConnectorSchemaV1(), new NodeServicesSchemaV1());
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select lower(table_name) from information_schema.tables"
                        + " where table_schema = 'PUBLIC'")) {
      java.util.Set<String> tables = new java.util.HashSet<>();
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
      assertThat(tables)
          .contains(
              "vault_states",
              "lk_account_settings",
              "lk_static_routes",
              "lk_runtime_config_entries",
              "node_attachments")
          .doesNotContain("account_settings", "static_routes", "runtime_config_entries");
    }
  }

  @Test
  void accountSettingsRoundTripAndValidation() {
    AccountSettingsRepository repo = new AccountSettingsRepository(db);
    AccountId alice = AccountId.of("alice-bi");
    repo.save(
        AccountSettingsEntity.of(
            alice,
            "USD",
            2,
            "ILP_OVER_HTTP",
            new BalanceSettings(-500L, 1000L, 100),
            Map.of("peer.url", "https://x/y?a=b&c")));
    AccountSettingsEntity read = repo.findByAccountId(alice).orElseThrow();
    assertThat(read.getBalanceSettings()).isEqualTo(new BalanceSettings(-500L, 1000L, 100));
    assertThat(read.getCustomSettings()).containsEntry("peer.url", "https://x/y?a=b&c");
    assertThat(read.getAssetScale()).isEqualTo(2);
    assertThat(repo.list()).extracting(e -> e.getAccountId().value()).contains("alice-bi");

    assertThatThrownBy(
            () ->
                AccountSettingsEntity.of(
                    AccountId.of("bob-bi"),
                    "USD",
                    2,
                    null,
                    new BalanceSettings(2000L, 1000L, 0),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minBalance 2000")
        .hasMessageContaining("settleThreshold 1000");
    assertThatThrownBy(
            () ->
                AccountSettingsEntity.of(
                    AccountId.of("bob-bi"), "US D", 2, null, BalanceSettings.NONE, Map.of()))
        .hasMessageContaining("asset code 'US D'");
    assertThat(repo.findByAccountId(AccountId.of("bob-bi"))).isEmpty();

    assertThat(repo.delete(alice)).isTrue();
    assertThat(repo.delete(alice)).isFalse();
    assertThat(repo.findByAccountId(alice)).isEmpty();
  }

  @Test
  void staticRoutesAndOptimisticRuntimeConfig() {
    StaticRouteRepository routes = new StaticRouteRepository(db);
    routes.save(new StaticRouteEntity("g.acme", AccountId.of("acme-peer")));
    assertThat(routes.find("g.acme").orElseThrow().getNextHopAccount().value())
        .isEqualTo("acme-peer");
    assertThat(routes.delete("g.acme")).isTrue();

    RuntimeConfigRepository config = new RuntimeConfigRepository(db, Clock.systemUTC());
    long v0 = config.put("fx.spread", "0.01").getVersion();
    long v1 = config.update("fx.spread", v0, "0.02").getVersion();
    assertThat(v1).isEqualTo(v0 + 1);
    assertThatThrownBy(() -> config.update("fx.spread", v0, "0.03"))
        .isInstanceOf(OptimisticLockException.class)
        .hasMessageContaining("version " + v1);
    assertThat(config.find("fx.spread").orElseThrow().getValue()).isEqualTo("0.02");
  }

  @Test
  void attachmentsStoreTheirSize() {
    byte[] content = new byte[3000];
    new java.util.Random(1).nextBytes(content);
    db.transaction(
        s -> {
          s.persist(new NodeAttachmentEntity("att-1", content, "a.bin", Instant.now()));
          return null;
        });
    NodeAttachmentEntity read = db.transaction(s -> s.find(NodeAttachmentEntity.class, "att-1"));
    assertThat(read.getContent()).isEqualTo(content);
    assertThat(read.getContentSize()).isEqualTo(3000);
  }

  @Test
  void aDatabaseBehindTheCodeRefusesToStart() {
    String fresh = H2.freshUrl();
    assertThatThrownBy(
            () ->
                PersistenceDatabase.configure()
                    .url(fresh, "sa", "")
                    .schemaService(DefaultSchemaService.configure().load())
                    .start())
        .isInstanceOf(OutstandingMigrationsException.class)
        .hasMessageContaining("vault-schema-v1-1");
  }
}
