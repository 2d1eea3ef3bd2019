package io.ledgerkit.persistence.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerkit.persistence.schema.SchemaOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerkitConfigTest {

  @TempDir Path dir;

  /** A schema family class, as a node would declare one. */
  static final class CashSchema {}

  private Path file(String... lines) throws IOException {
    Path f = dir.resolve("ledgerkit.properties");
    Files.write(f, java.util.List.of(lines), StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void defaultsAreTheEmbeddedH2DatabaseAndInMemoryBalances() {
    LedgerkitConfig c = LedgerkitConfig.defaults();

    assertThat(c.database().url()).isEqualTo("jdbc:h2:file:./ledgerkit-data/ledgerkit");
    assertThat(c.database().user()).isEqualTo("sa");
    assertThat(c.database().password()).isEmpty();
    assertThat(c.database().schema()).isNull();
    assertThat(c.database().runMigration()).isFalse();
    assertThat(c.database().transactionIsolationLevel())
        .isEqualTo(TransactionIsolation.READ_COMMITTED);
    assertThat(c.database().pool().maximumSize()).isEqualTo(10);
    assertThat(c.schemas().versionPolicy()).isEqualTo(SchemaVersionPolicy.ALL_OFFERED);
    assertThat(c.schemas().optionsFor(CashSchema.class)).isEqualTo(SchemaOptions.DEFAULT);
    assertThat(c.balance().store()).isEqualTo("memory");
    assertThat(c.balance().redis().url()).isNull();
    assertThat(c.balance().redis().keyPrefix()).isEqualTo("ledgerkit:balance:");
    assertThat(c.balance().postgres().url()).isNull();
    assertThat(c.balance().autoBatch()).isFalse();
    assertThat(c.source("database.url")).isEqualTo(ConfigSource.DEFAULT);
  }

  @Test
  void codeBeatsEnvironmentBeatsFileBeatsDefaults() throws IOException {
    Path f =
        file(
            "database.url=jdbc:postgresql://file-host:5432/ledger",
            "database.user=file-user",
            "database.runMigration=true",
            "database.pool.maximumSize=20",
            "balance.redis.keyPrefix=file:",
            "schemas.versionPolicy=LATEST");
    Map<String, String> env =
        Map.of(
            "LEDGERKIT_DATABASE_URL", "jdbc:postgresql://env-host:5432/ledger",
            "LEDGERKIT_DATABASE_POOL_MAXIMUM_SIZE", "30",
            "LEDGERKIT_BALANCE_REDIS_KEY_PREFIX", "env:");

    LedgerkitConfig c =
        LedgerkitConfig.configure().propertiesFile(f).environment(env).poolMaximumSize(40).load();

    // code > env > file
    assertThat(c.database().pool().maximumSize()).isEqualTo(40);
    assertThat(c.source("database.pool.maximumSize")).isEqualTo(ConfigSource.CODE);
    // env > file
    assertThat(c.database().url()).isEqualTo("jdbc:postgresql://env-host:5432/ledger");
    assertThat(c.source("database.url")).isEqualTo(ConfigSource.ENVIRONMENT);
    assertThat(c.balance().redis().keyPrefix()).isEqualTo("env:");
    // file > defaults
    assertThat(c.database().user()).isEqualTo("file-user");
    assertThat(c.database().runMigration()).isTrue();
    assertThat(c.source("database.runMigration")).isEqualTo(ConfigSource.FILE);
    assertThat(c.schemas().versionPolicy()).isEqualTo(SchemaVersionPolicy.LATEST);
    // defaults
    assertThat(c.database().transactionIsolationLevel())
        .isEqualTo(TransactionIsolation.READ_COMMITTED);
    assertThat(c.source("database.transactionIsolationLevel")).isEqualTo(ConfigSource.DEFAULT);
    // a PostgreSQL database is also the default PostgreSQL balance store
    assertThat(c.balance().postgres().url()).isEqualTo("jdbc:postgresql://env-host:5432/ledger");
    assertThat(c.balance().postgres().user()).isEqualTo("file-user");
  }

  @Test
  void codeBeatsEnvironmentForEveryKindOfKey() {
    LedgerkitConfig c =
        LedgerkitConfig.configure()
            .environment(
                Map.of(
                    "LEDGERKIT_DATABASE_RUN_MIGRATION", "true",
                    "LEDGERKIT_BALANCE_STORE", "redis",
                    "LEDGERKIT_BALANCE_REDIS_URL", "redis://env:6379",
                    "LEDGERKIT_SCHEMAS_CASH_SCHEMA_TABLE_PREFIX", "env_"))
            .runMigration(false)
            .redisUrl("redis://code:6380")
            .schemaOptions(CashSchema.class, SchemaOptions.tablePrefix("code_"))
            .load();

    assertThat(c.database().runMigration()).isFalse();
    assertThat(c.balance().store()).isEqualTo("redis");
    assertThat(c.balance().redis().url()).isEqualTo("redis://code:6380");
    assertThat(c.schemas().optionsFor(CashSchema.class).tablePrefix()).isEqualTo("code_");
  }

  @Test
  void anEmptyTablePrefixMeansExplicitlyNoneAndAnUnsetOneLeavesTheSchemasDefault()
      throws IOException {
    Path f = file("schemas.CashSchema.tablePrefix=file_", "schemas.VaultSchema.databaseSchema=v");
    LedgerkitConfig c =
        LedgerkitConfig.configure()
            .propertiesFile(f)
            .environment(Map.of("LEDGERKIT_SCHEMAS_CASH_SCHEMA_TABLE_PREFIX", ""))
            .load();
    // Set empty (here by the environment over the file): no prefix, not the schema's default.
    assertThat(c.schemas().optionsFor(CashSchema.class)).isEqualTo(new SchemaOptions(null, ""));
    // Not set: null, so a schema's default prefix applies.
    assertThat(c.schemas().optionsFor("com.other.VaultSchema").tablePrefix()).isNull();

    LedgerkitConfig code =
        LedgerkitConfig.configure()
            .schemaOptions(CashSchema.class, SchemaOptions.databaseSchema("cash"))
            .load();
    assertThat(code.schemas().optionsFor(CashSchema.class))
        .isEqualTo(new SchemaOptions("cash", null));
  }

  @Test
  void perFamilySchemaOptionsComeFromFileAndEnvironment() throws IOException {
    Path f =
        file(
            "schemas.io.example.CashSchema.tablePrefix=file_",
            "schemas.io.example.CashSchema.databaseSchema=cash",
            "schemas.VaultSchema.databaseSchema=vault");
    LedgerkitConfig c =
        LedgerkitConfig.configure()
            .propertiesFile(f)
            .environment(Map.of("LEDGERKIT_SCHEMAS_CASH_SCHEMA_TABLE_PREFIX", "env_"))
            .load();

    SchemaOptions cash = c.schemas().optionsFor(CashSchema.class);
    assertThat(cash).isEqualTo(new SchemaOptions("cash", "env_"));
    assertThat(c.source("schemas.CashSchema.tablePrefix")).isEqualTo(ConfigSource.ENVIRONMENT);
    assertThat(c.source("schemas.CashSchema.databaseSchema")).isEqualTo(ConfigSource.FILE);
    assertThat(c.schemas().optionsFor("com.other.VaultSchema"))
        .isEqualTo(SchemaOptions.databaseSchema("vault"));
    assertThat(c.toProperties())
        .containsEntry("schemas.CASH_SCHEMA.tablePrefix", "env_")
        .containsEntry("schemas.VAULT_SCHEMA.databaseSchema", "vault");
  }

  @Test
  void anEmptyValueMeansTheDefaultAndOverridesWeakerLayers() throws IOException {
    Path f = file("database.schema=ledger", "database.pool.maximumSize=5");
    LedgerkitConfig c =
        LedgerkitConfig.configure()
            .propertiesFile(f)
            .environment(Map.of("LEDGERKIT_DATABASE_SCHEMA", ""))
            .load();

    assertThat(c.database().schema()).isNull();
    assertThat(c.database().pool().maximumSize()).isEqualTo(5);
  }

  @Test
  void settingNullInCodeFallsBackToTheEnvironment() {
    LedgerkitConfig c =
        LedgerkitConfig.configure()
            .environment(Map.of("LEDGERKIT_DATABASE_USER", "env-user"))
            .databaseUser("code-user")
            .databaseUser(null)
            .load();

    assertThat(c.database().user()).isEqualTo("env-user");
  }

  @Test
  void severalBadValuesAndAnUnknownKeyAreReportedTogether() throws IOException {
    Path f =
        file(
            "database.url=mongodb://localhost/ledger",
            "database.password=hunter2",
            "database.runMigration=yes please",
            "database.pool.maximumSize=0",
            "database.transactionIsolationLevel=SNAPSHOT",
            "database.colour=blue",
            "schemas.versionPolicy=NEWEST",
            "schemas.CashSchema.tablePrefix=1bad-prefix",
            "balance.store=cassandra",
            "balance.redis.url=http://user:s3cret@redis:6379");
    Map<String, String> env =
        Map.of(
            "LEDGERKIT_BALANCE_AUTO_BATCH", "sometimes",
            "LEDGERKIT_DATABASE_PASWORD", "topsecret",
            "LEDGERKIT_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1/test",
            "LEDGERKIT_JAVA_OPTS", "-Xmx1g",
            "PATH", "/usr/bin");

    InvalidConfigurationException e =
        catchThrowableOfType(
            InvalidConfigurationException.class,
            () -> LedgerkitConfig.configure().propertiesFile(f).environment(env).load());

    assertThat(e.problems())
        .extracting(ConfigurationProblem::key)
        .containsExactlyInAnyOrder(
            "database.url",
            "database.runMigration",
            "database.pool.maximumSize",
            "database.transactionIsolationLevel",
            "database.colour",
            "schemas.versionPolicy",
            "schemas.CashSchema.tablePrefix",
            "balance.store",
            "balance.redis.url",
            "balance.autoBatch",
            "LEDGERKIT_DATABASE_PASWORD");
    assertThat(e.getMessage())
        .contains("11 problems")
        .contains("database.pool.maximumSize = \"0\" (file " + f + "): a positive integer")
        .contains("database.runMigration = \"yes please\"", "true or false")
        .contains("\"SNAPSHOT\"", "READ_UNCOMMITTED, READ_COMMITTED, REPEATABLE_READ, SERIALIZABLE")
        .contains("database.url = \"mongodb://localhost/ledger\"", "jdbc:postgresql:")
        .contains("database.colour = \"blue\"", "unknown key")
        .contains("\"NEWEST\"", "ALL_OFFERED, LATEST")
        .contains("\"1bad-prefix\"", "plain SQL identifier")
        .contains("\"cassandra\"", "memory, redis, postgres")
        .contains("redis-cluster://")
        .contains(
            "balance.autoBatch = \"sometimes\" (environment variable LEDGERKIT_BALANCE_AUTO_BATCH)")
        .contains("did you mean LEDGERKIT_DATABASE_PASSWORD?")
        .doesNotContain("hunter2")
        .doesNotContain("topsecret")
        .doesNotContain("s3cret")
        .doesNotContain("LEDGERKIT_TEST_POSTGRES_URL")
        .doesNotContain("LEDGERKIT_JAVA_OPTS");
  }

  @Test
  void badValuesSetInCodeAreReportedWithTheKeyAsWritten() {
    assertThatThrownBy(
            () ->
                LedgerkitConfig.configure()
                    .environment(Map.of())
                    .poolMaximumSize(-1)
                    .set("balance.redis.keyPrefix", "a{b}")
                    .set("balance.autobatch", "true")
                    .load())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("3 problems")
        .hasMessageContaining("database.pool.maximumSize = \"-1\" (code)")
        .hasMessageContaining("balance.redis.keyPrefix = \"a{b}\" (code)")
        .hasMessageContaining(
            "balance.autobatch = \"true\" (code): unknown key; did you mean"
                + " balance.autoBatch?");
  }

  @Test
  void aMissingPropertiesFileIsAProblemUnlessOptional() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(
            () -> LedgerkitConfig.configure().environment(Map.of()).propertiesFile(missing).load())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("an existing, readable properties file");
    assertThat(
            LedgerkitConfig.configure()
                .environment(Map.of())
                .propertiesFileIfExists(missing)
                .load())
        .isEqualTo(LedgerkitConfig.defaults());
  }

  @Test
  void inMemoryPropertiesActAsAFile() {
    Properties p = new Properties();
    p.setProperty("balance.autoBatch", "TRUE");
    p.setProperty("database.transactionIsolationLevel", "repeatable-read");

    LedgerkitConfig c =
        LedgerkitConfig.configure()
            .properties(p)
            .environment(Map.of("LEDGERKIT_BALANCE_AUTO_BATCH", "false"))
            .load();

    assertThat(c.balance().autoBatch()).isFalse();
    assertThat(c.database().transactionIsolationLevel())
        .isEqualTo(TransactionIsolation.REPEATABLE_READ);
    assertThat(c.source("database.transactionIsolationLevel")).isEqualTo(ConfigSource.FILE);
  }

  @Test
  void redisStoreNeedsARedisUrl() {
    assertThatThrownBy(
            () ->
                LedgerkitConfig.configure()
                    .environment(Map.of("LEDGERKIT_BALANCE_STORE", "redis"))
                    .load())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("balance.redis.url (not set)")
        .hasMessageContaining("environment variable LEDGERKIT_BALANCE_STORE")
        .hasMessageContaining("required when balance.store=redis");

    LedgerkitConfig cluster =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .balanceStore("REDIS")
            .redisUrl("redis-cluster://:pw@10.0.0.1:7000,10.0.0.2:7001")
            .load();
    assertThat(cluster.balance().store()).isEqualTo("redis");
    assertThat(cluster.balance().redis().isCluster()).isTrue();
    assertThat(cluster.balance().redis().password()).isEqualTo("pw");
    assertThat(cluster.balance().redis().nodes())
        .extracting(a -> a.getHostString() + ":" + a.getPort())
        .containsExactly("10.0.0.1:7000", "10.0.0.2:7001");
  }

  @Test
  void postgresStoreUsesTheDatabaseWhenItIsPostgresAndOtherwiseNeedsAUrl() {
    LedgerkitConfig inherited =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl("jdbc:postgresql://127.0.0.1:5432/test")
            .databaseUser("postgres")
            .databasePassword("pw")
            .balanceStore("postgres")
            .load();
    assertThat(inherited.balance().postgres())
        .isEqualTo(
            new PostgresBalanceConfig("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "pw"));

    LedgerkitConfig separate =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .balanceStore("postgres")
            .postgresBalanceUrl("jdbc:postgresql://balances:5432/b?user=bal")
            .load();
    assertThat(separate.database().isH2()).isTrue();
    assertThat(separate.balance().postgres())
        .isEqualTo(
            new PostgresBalanceConfig("jdbc:postgresql://balances:5432/b?user=bal", null, null));

    assertThatThrownBy(
            () ->
                LedgerkitConfig.configure()
                    .environment(Map.of())
                    .set("balance.store", "postgres")
                    .load())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("balance.postgres.url (not set) (code sets balance.store=postgres)")
        .hasMessageContaining("database.url is not a PostgreSQL URL");
    assertThatThrownBy(
            () ->
                LedgerkitConfig.configure()
                    .environment(Map.of())
                    .postgresBalanceUrl("jdbc:mysql://127.0.0.1/test")
                    .load())
        .isInstanceOf(InvalidConfigurationException.class)
        .hasMessageContaining("a PostgreSQL JDBC URL");
  }

  @Test
  void toStringMasksPasswordsAndUrlCredentials() {
    LedgerkitConfig c =
        LedgerkitConfig.configure()
            .environment(
                Map.of(
                    "LEDGERKIT_DATABASE_PASSWORD", "db-secret",
                    "LEDGERKIT_BALANCE_REDIS_URL", "redis://admin:redis-secret@cache:6379/2"))
            .databaseUrl("jdbc:postgresql://db:5432/ledger?user=app&password=url-secret")
            .set("balance.postgres.password", "pg-secret")
            .load();

    String all =
        c
            + " "
            + c.database()
            + " "
            + c.balance()
            + " "
            + c.balance().redis()
            + " "
            + c.balance().postgres();
    assertThat(all)
        .doesNotContain("db-secret", "redis-secret", "url-secret", "pg-secret")
        .contains("database.password=****")
        .contains("jdbc:postgresql://db:5432/ledger?user=app&password=****")
        .contains("redis://admin:****@cache:6379/2")
        .contains("password=****]");
    // the accessors still give the real values
    assertThat(c.database().password()).isEqualTo("db-secret");
    assertThat(c.balance().redis().password()).isEqualTo("redis-secret");
    assertThat(c.balance().redis().database()).isEqualTo(2);
    assertThat(c.toProperties()).containsEntry("database.password", "db-secret");
  }

  @Test
  void passwordsKeepTheirWhitespaceOtherValuesAreTrimmed() {
    LedgerkitConfig c =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databasePassword(" pass ")
            .set("database.user", "  app  ")
            .set("balance.store", " Memory ")
            .load();

    assertThat(c.database().password()).isEqualTo(" pass ");
    assertThat(c.database().user()).isEqualTo("app");
    assertThat(c.balance().store()).isEqualTo("memory");
  }

  @Test
  void loadingFromTheRealProcessEnvironmentIgnoresTheTestkitVariables() {
    // The build exports LEDGERKIT_TEST_*_URL for the testkit; they must not stop the library.
    LedgerkitConfig c = LedgerkitConfig.configure().defaultPropertiesFile().load();

    assertThat(c.source("database.url")).isNotEqualTo(ConfigSource.FILE);
  }

  @Test
  void configurationsWithTheSameValuesAreEqual() {
    LedgerkitConfig a = LedgerkitConfig.configure().environment(Map.of()).runMigration(true).load();
    LedgerkitConfig b =
        LedgerkitConfig.configure()
            .environment(Map.of("LEDGERKIT_DATABASE_RUN_MIGRATION", "TRUE"))
            .load();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(LedgerkitConfig.defaults());
  }

  @Test
  void balanceTimeoutsHaveHotPathDefaultsAndAreConfigurable() {
    LedgerkitConfig d = LedgerkitConfig.configure().environment(Map.of()).load();
    assertThat(d.balance().timeouts()).isEqualTo(BalanceTimeoutsConfig.DEFAULTS);
    assertThat(d.balance().timeouts().postgresStatementTimeout())
        .isEqualTo(java.time.Duration.ofSeconds(2));
    LedgerkitConfig c =
        LedgerkitConfig.configure()
            .environment(
                Map.of(
                    "LEDGERKIT_BALANCE_REDIS_SOCKET_TIMEOUT", "250ms",
                    "LEDGERKIT_BALANCE_POSTGRES_STATEMENT_TIMEOUT", "3s",
                    "LEDGERKIT_BALANCE_AUTO_BATCH_MAX_QUEUE_TIME", "1m"))
            .set("balance.postgres.connectionTimeout", "400ms")
            .load();
    BalanceTimeoutsConfig t = c.balance().timeouts();
    assertThat(t.redisSocketTimeout()).isEqualTo(java.time.Duration.ofMillis(250));
    assertThat(t.postgresStatementTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(t.autoBatchMaxQueueTime()).isEqualTo(java.time.Duration.ofMinutes(1));
    assertThat(t.postgresConnectionTimeout()).isEqualTo(java.time.Duration.ofMillis(400));
    InvalidConfigurationException e =
        catchThrowableOfType(
            InvalidConfigurationException.class,
            () ->
                LedgerkitConfig.configure()
                    .environment(Map.of())
                    .set("balance.postgres.connectionTimeout", "100ms")
                    .set("balance.redis.connectTimeout", "soon")
                    .load());
    assertThat(e.problems())
        .extracting(ConfigurationProblem::key)
        .containsExactlyInAnyOrder(
            "balance.postgres.connectionTimeout", "balance.redis.connectTimeout");
  }
}
