package io.ledgerkit.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity;
import io.ledgerkit.persistence.jpa.fixtures.ConnectorSchema010;
import io.ledgerkit.persistence.jpa.fixtures.IlpLikeSchema;
import io.ledgerkit.persistence.jpa.repositories.AccountSettingsRepository;
import io.ledgerkit.persistence.jpa.schemas.ConnectorSchema;
import io.ledgerkit.persistence.jpa.schemas.ConnectorSchemaV1;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.migrations.SqlDialect;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The built-in connector tables carry the default prefix {@code lk_}, so a connector's own
 * changelog that creates {@code account_settings} and {@code static_routes} migrates next to them,
 * and a database that 0.1.0 created with the unprefixed names is renamed with its rows kept.
 */
class BuiltInTableNamesTest {

  @Test
  void aConnectorsOwnAccountSettingsAndStaticRoutesMigrateNextToTheBuiltIns() throws Exception {
    String url = H2.freshUrl();
    DefaultSchemaService service =
        DefaultSchemaService.configure().register(List.of(new IlpLikeSchema.V1())).load();
    try (PersistenceDatabase db =
        PersistenceDatabase.configure()
            .url(url, "sa", "")
            .schemaService(service)
            .runMigration(true)
            .start()) {
      AccountId alice = AccountId.of("alice");
      new AccountSettingsRepository(db)
          .save(AccountSettingsEntity.of(alice, "USD", 2, null, BalanceSettings.NONE, Map.of()));
      assertThat(new AccountSettingsRepository(db).findByAccountId(alice)).isPresent();
    }
    assertThat(tables(url))
        .contains(
            "account_settings",
            "static_routes",
            "lk_account_settings",
            "lk_static_routes",
            "lk_runtime_config_entries");
    // The connector's own account_settings is its own: its columns, not the built-in ones.
    assertThat(columns(url, "account_settings")).contains("id", "account_relationship");
    assertThat(count(url, "lk_account_settings")).isEqualTo(1);
    migration(url, service).verify();
  }

  @Test
  void aDatabaseCreatedBy010IsRenamedToThePrefixWithItsRowsKept() throws Exception {
    String url = H2.freshUrl();
    create010Database(url);

    DefaultSchemaService service = DefaultSchemaService.configure().load();
    try (PersistenceDatabase db =
        PersistenceDatabase.configure()
            .url(url, "sa", "")
            .schemaService(service)
            .runMigration(true)
            .start()) {
      assertThat(new AccountSettingsRepository(db).findByAccountId(AccountId.of("old-alice")))
          .hasValueSatisfying(e -> assertThat(e.getAssetCode()).isEqualTo("EUR"));
    }
    Set<String> tables = tables(url);
    assertThat(tables)
        .contains("lk_account_settings", "lk_static_routes", "lk_runtime_config_entries")
        .doesNotContain("account_settings", "static_routes", "runtime_config_entries");
    assertThat(count(url, "lk_static_routes")).isEqualTo(1);
    assertThat(count(url, "lk_runtime_config_entries")).isEqualTo(1);
    migration(url, service).verify();
    // Migrating again changes nothing.
    assertThat(migration(url, service).migrate()).isEmpty();
  }

  @Test
  void anExplicitlyEmptyPrefixKeepsThe010NamesOfA010Database() throws Exception {
    String url = H2.freshUrl();
    create010Database(url);
    DefaultSchemaService service =
        DefaultSchemaService.configure()
            .schemaOptions(ConnectorSchema.class, SchemaOptions.tablePrefix(""))
            .load();
    try (PersistenceDatabase db =
        PersistenceDatabase.configure()
            .url(url, "sa", "")
            .schemaService(service)
            .runMigration(true)
            .start()) {
      assertThat(new AccountSettingsRepository(db).findByAccountId(AccountId.of("old-alice")))
          .isPresent();
    }
    assertThat(tables(url))
        .contains("account_settings", "static_routes", "runtime_config_entries")
        .doesNotContain("lk_account_settings");
    migration(url, service).verify();
  }

  @Test
  void unprefixedTablesOfSomeoneElseAreNotRenamed() throws Exception {
    String url = H2.freshUrl();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE account_settings (id BIGINT PRIMARY KEY)");
      s.execute("CREATE TABLE static_routes (id BIGINT PRIMARY KEY)");
      s.execute("CREATE TABLE runtime_config_entries (id BIGINT PRIMARY KEY)");
    }
    DefaultSchemaService service = DefaultSchemaService.configure().load();
    migration(url, service).migrate();
    assertThat(tables(url))
        .contains(
            "account_settings",
            "static_routes",
            "runtime_config_entries",
            "lk_account_settings",
            "lk_static_routes",
            "lk_runtime_config_entries");
    assertThat(columns(url, "account_settings")).containsExactly("id");
    migration(url, service).verify();
  }

  @Test
  void offlineScriptsCreateThePrefixedTablesAndMarkTheRenameAsRanInEveryDialect() {
    for (SqlDialect dialect : SqlDialect.values()) {
      java.io.StringWriter out = new java.io.StringWriter();
      SchemaMigration.configure().schema(new ConnectorSchemaV1()).load().generateSql(dialect, out);
      String sql = out.toString();
      assertThat(sql)
          .as(dialect.name())
          .containsIgnoringCase("CREATE TABLE")
          .containsIgnoringCase("lk_account_settings")
          .containsIgnoringCase("lk_static_routes")
          .containsIgnoringCase("lk_runtime_config_entries")
          .containsPattern("VALUES \\('connector-schema-0-2'[^\\n]*'MARK_RAN'");
      // The statements (not the history rows, whose descriptions name the changes) rename nothing
      // and create no unprefixed table.
      List<String> statements =
          sql.lines()
              .map(l -> l.toLowerCase(java.util.Locale.ROOT))
              .filter(l -> !l.startsWith("--"))
              .filter(l -> !(l.startsWith("insert into") && l.contains("databasechangelog")))
              .toList();
      assertThat(statements)
          .as(dialect.name())
          .noneMatch(l -> l.contains("rename"))
          .noneMatch(l -> l.matches(".*\\baccount_settings.*"));
    }
  }

  /** A database as 0.1.0 left it, with a row in each connector table. */
  private static void create010Database(String url) throws Exception {
    org.h2.jdbcx.JdbcDataSource ds = new org.h2.jdbcx.JdbcDataSource();
    ds.setURL(url);
    ds.setUser("sa");
    ds.setPassword("");
    ConnectorSchema010.createDatabase(ds);
    assertThat(tables(url)).contains("account_settings").doesNotContain("lk_account_settings");
  }

  private static SchemaMigration migration(String url, DefaultSchemaService service) {
    return SchemaMigration.configure()
        .url(url, "sa", "")
        .schemas(service.schemaOptionsByActiveSchema())
        .load();
  }

  private static Set<String> tables(String url) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select lower(table_name) from information_schema.tables"
                        + " where table_schema = 'PUBLIC'")) {
      Set<String> out = new HashSet<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static List<String> columns(String url, String table) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        ResultSet rs =
            c.createStatement()
                .executeQuery(
                    "select lower(column_name) from information_schema.columns"
                        + " where table_schema = 'PUBLIC' and lower(table_name) = '"
                        + table
                        + "' order by ordinal_position")) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  private static long count(String url, String table) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        ResultSet rs = c.createStatement().executeQuery("select count(*) from " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
