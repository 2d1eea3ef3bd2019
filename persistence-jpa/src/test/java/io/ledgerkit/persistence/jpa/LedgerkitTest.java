package io.ledgerkit.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.config.ConfigSource;
import io.ledgerkit.persistence.config.InvalidConfigurationException;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity;
import io.ledgerkit.persistence.migrations.OutstandingMigrationsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerkitTest {

  @TempDir Path dir;

  /** A named in-memory H2 database that lives only while a connection to it is open. */
  private static String memUrl() {
    return "jdbc:h2:mem:lk-" + UUID.randomUUID();
  }

  private Path file(String... lines) throws Exception {
    Path f = dir.resolve("ledgerkit.properties");
    Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return f;
  }

  private static List<String> tables(String url) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"
                    + " ORDER BY TABLE_NAME")) {
      while (rs.next()) {
        names.add(rs.getString(1).toLowerCase(java.util.Locale.ROOT));
      }
    }
    return names;
  }

  @Test
  void startsFromAPropertiesFileWithEnvironmentOverrides() throws Exception {
    String fileUrl = "jdbc:h2:mem:never-used-" + UUID.randomUUID();
    String envUrl = memUrl() + ";DB_CLOSE_DELAY=-1";
    Path f =
        file(
            "database.url=" + fileUrl,
            "database.runMigration=false",
            "database.pool.maximumSize=3",
            "schemas.ConnectorSchema.tablePrefix=file_",
            "balance.store=memory");
    Map<String, String> env =
        Map.of(
            "LEDGERKIT_DATABASE_URL", envUrl,
            "LEDGERKIT_DATABASE_RUN_MIGRATION", "true",
            "LEDGERKIT_SCHEMAS_CONNECTOR_SCHEMA_TABLE_PREFIX", "conn_");
    LedgerkitConfig config =
        LedgerkitConfig.configure().propertiesFile(f).environment(env).autoBatch(false).load();
    assertThat(config.source("database.url")).isEqualTo(ConfigSource.ENVIRONMENT);
    assertThat(config.source("database.pool.maximumSize")).isEqualTo(ConfigSource.FILE);

    AccountId alice = AccountId.of("alice");
    try (Ledgerkit lk = Ledgerkit.start(config)) {
      assertThat(((HikariDataSource) lk.dataSource()).getMaximumPoolSize()).isEqualTo(3);
      assertThat(lk.balanceTracker()).isInstanceOf(InMemoryBalanceTracker.class);
      lk.accountSettings()
          .save(
              AccountSettingsEntity.of(
                  alice, "USD", 2, null, BalanceSettings.settleAt(1_000, 100), Map.of()));
      BalanceSettings settings =
          lk.accountSettings().findByAccountId(alice).orElseThrow().getBalanceSettings();
      FulfillResult r = lk.balanceTracker().fulfill(alice, 1_250, settings);
      assertThat(r.pendingSettlement())
          .hasValueSatisfying(p -> assertThat(p.amount()).isEqualTo(1_150));
      assertThat(lk.balanceTracker().balance(alice)).isEqualTo(new AccountBalance(alice, 100, 0));
      // The environment's URL, migration flag and table prefix won over the file's.
      assertThat(tables(envUrl))
          .contains("conn_account_settings", "vault_states")
          .doesNotContain("file_account_settings");
      assertThat(lk.runtimeConfig().put("greeting", "hello").getValue()).isEqualTo("hello");
    }
    assertThat(tables(fileUrl)).isEmpty();
  }

  @Test
  void severalBadValuesAreReportedInOneErrorAndNothingStarts() throws Exception {
    Path data = dir.resolve("data");
    Path f =
        file(
            "database.url=jdbc:h2:file:" + data.resolve("db"),
            "database.pool.maximumSize=0",
            "database.runMigration=perhaps",
            "balance.store=carrier-pigeon",
            "balance.autobatch=true");
    Map<String, String> env = Map.of("LEDGERKIT_DATABASE_TRANSACTION_ISOLATION_LEVEL", "CHAOS");

    assertThatThrownBy(
            () ->
                Ledgerkit.start(
                    LedgerkitConfig.configure().propertiesFile(f).environment(env).load()))
        .isInstanceOfSatisfying(
            InvalidConfigurationException.class,
            e -> {
              assertThat(e.problems()).hasSizeGreaterThanOrEqualTo(5);
              assertThat(e.getMessage())
                  .contains("database.pool.maximumSize = \"0\"")
                  .contains("database.runMigration = \"perhaps\"")
                  .contains("balance.store = \"carrier-pigeon\"")
                  .contains("balance.autobatch")
                  .contains("LEDGERKIT_DATABASE_TRANSACTION_ISOLATION_LEVEL")
                  .contains("CHAOS");
            });
    assertThat(data).doesNotExist();
  }

  @Test
  void databaseSchemaIsTheConnectionsDefaultSchema() throws Exception {
    String url = memUrl() + ";DB_CLOSE_DELAY=-1";
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA APP");
    }
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl(url)
            .databaseSchema("APP")
            .runMigration(true)
            .load();
    AccountId carol = AccountId.of("carol");
    try (Ledgerkit lk = Ledgerkit.start(config)) {
      lk.accountSettings()
          .save(AccountSettingsEntity.of(carol, "EUR", 2, null, BalanceSettings.NONE, Map.of()));
      assertThat(lk.accountSettings().findByAccountId(carol)).isPresent();
    }
    assertThat(tables(url)).isEmpty(); // nothing in PUBLIC
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT account_id FROM APP.lk_account_settings")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("carol");
    }
  }

  @Test
  void decoratorAndAutoBatchListenerReachTheTracker() {
    java.util.concurrent.atomic.AtomicReference<io.ledgerkit.persistence.balance.BalanceTracker>
        given = new java.util.concurrent.atomic.AtomicReference<>();
    io.ledgerkit.persistence.balance.AutoBatchListener listener =
        new io.ledgerkit.persistence.balance.AutoBatchListener() {};
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl(memUrl())
            .runMigration(true)
            .autoBatch(true)
            .load();
    Ledgerkit.Builder builder =
        Ledgerkit.configure(config)
            .autoBatchListener(listener)
            .decorateBalanceTracker(
                t -> {
                  given.set(t);
                  return t;
                });
    assertThat(builder.config()).isSameAs(config);
    try (Ledgerkit lk = builder.start()) {
      assertThat(lk.balanceTracker()).isSameAs(given.get());
      assertThat(
              ((io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker) lk.balanceTracker())
                  .listener())
          .isSameAs(listener);
      assertThat(lk.database().migrationStartup().orElseThrow().migrated()).isTrue();
    }

    given.set(null);
    assertThatThrownBy(
            () ->
                Ledgerkit.configure(
                        LedgerkitConfig.configure()
                            .environment(Map.of())
                            .databaseUrl(memUrl())
                            .runMigration(true)
                            .load())
                    .decorateBalanceTracker(
                        t -> {
                          given.set(t);
                          return null;
                        })
                    .start())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("decorator returned null");
    assertThatThrownBy(() -> given.get().balance(AccountId.of("a")))
        .as("the undecorated tracker was closed")
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeReleasesThePoolAndTheInMemoryDatabase() throws Exception {
    String url = memUrl();
    Ledgerkit lk =
        Ledgerkit.start(
            LedgerkitConfig.configure()
                .environment(Map.of())
                .databaseUrl(url)
                .runMigration(true)
                .load());
    HikariDataSource pool = (HikariDataSource) lk.dataSource();
    lk.database()
        .transaction(s -> s.createNativeQuery("SELECT 1", Integer.class).getSingleResult());
    assertThat(pool.isClosed()).isFalse();

    lk.close();
    lk.close(); // idempotent

    assertThat(pool.isClosed()).isTrue();
    // The last connection is gone, so H2 dropped the in-memory database: a new one is empty.
    assertThat(tables(url)).isEmpty();
  }

  @Test
  void outOfDateDatabaseFailsAndReleasesThePool() throws Exception {
    String url = memUrl();
    LedgerkitConfig config =
        LedgerkitConfig.configure().environment(Map.of()).databaseUrl(url).load();
    // runMigration defaults to false: an empty database is behind the code.
    try (Connection keepAlive = DriverManager.getConnection(url, "sa", "")) {
      assertThatThrownBy(() -> Ledgerkit.start(config))
          .isInstanceOf(OutstandingMigrationsException.class);
      assertThat(tables(url)).isEmpty();
    }
  }

  @Test
  void redisStoreWithoutItsModuleNamesTheModuleBeforeOpeningAnything() throws Exception {
    String url = memUrl() + ";DB_CLOSE_DELAY=-1";
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl(url)
            .runMigration(true)
            .balanceStore("redis")
            .redisUrl("redis://127.0.0.1:6379")
            .load();
    assertThatThrownBy(() -> Ledgerkit.start(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("balance.store=redis")
        .hasMessageContaining("io.ledgerkit:persistence-balance-redis");
    assertThat(tables(url)).isEmpty();
  }

  @Test
  void aBalanceStoreFailureClosesTheDatabaseAlreadyStarted() throws Exception {
    String url = memUrl();
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl(url)
            .runMigration(true)
            .balanceStore(UnreachableBalanceTrackerProvider.STORE)
            .load();
    assertThatThrownBy(() -> Ledgerkit.start(config))
        .isInstanceOf(BalanceStoreUnavailableException.class);
    // The migrated in-memory database is gone: its pool was closed.
    assertThat(tables(url)).isEmpty();
  }

  @Test
  void schemaOptionsForAnUnknownFamilyAreAConfigurationError() {
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl(memUrl())
            .set("schemas.CashSchemaa.tablePrefix", "cash_")
            .load();
    assertThatThrownBy(() -> Ledgerkit.start(config))
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("schemas.CASH_SCHEMAA.tablePrefix")
        .hasMessageContaining("CONNECTOR_SCHEMA");
  }

  @Test
  void aFailedStartNeverShowsTheUrlPassword() {
    // H2 refuses the PASSWORD parameter in a URL; the error must still not echo the secret.
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl(memUrl() + ";PASSWORD=s3cret")
            .runMigration(true)
            .load();
    assertThat(config.toString()).doesNotContain("s3cret").contains("PASSWORD=****");
    assertThatThrownBy(() -> Ledgerkit.start(config))
        .satisfies(e -> assertThat(e.toString()).doesNotContain("s3cret"));
  }

  @Test
  void runsOnTheApplicationsDataSourceAndLeavesItOpen() throws Exception {
    String url = memUrl() + ";DB_CLOSE_DELAY=-1";
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl("jdbc:h2:mem:never-used-" + UUID.randomUUID())
            .runMigration(true)
            .load();
    try (HikariDataSource own = new HikariDataSource()) {
      own.setJdbcUrl(url);
      own.setUsername("sa");
      own.setPassword("");
      try (Ledgerkit lk = Ledgerkit.configure(config).dataSource(own).start()) {
        assertThat(lk.dataSource()).isSameAs(own);
        assertThat(lk.usesExternalDataSource()).isTrue();
        assertThat(lk.toString()).contains("the application's data source");
        lk.accountSettings()
            .save(
                AccountSettingsEntity.of(
                    AccountId.of("bob"), "USD", 2, null, BalanceSettings.NONE, Map.of()));
      }
      // The migration ran on the given pool's database, and closing the handle left the pool open.
      assertThat(own.isClosed()).isFalse();
      assertThat(tables(url)).contains("lk_account_settings", "vault_states");
      try (Connection c = own.getConnection()) {
        assertThat(c.isValid(1)).isTrue();
      }
    }
  }
}
