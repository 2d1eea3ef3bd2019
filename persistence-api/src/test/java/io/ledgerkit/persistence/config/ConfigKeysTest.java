package io.ledgerkit.persistence.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConfigKeysTest {

  static final class CashSchema {}

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(ConfigKeys.environmentName("database.url")).isEqualTo("LEDGERKIT_DATABASE_URL");
    assertThat(ConfigKeys.environmentName("database.runMigration"))
        .isEqualTo("LEDGERKIT_DATABASE_RUN_MIGRATION");
    assertThat(ConfigKeys.environmentName("database.pool.maximumSize"))
        .isEqualTo("LEDGERKIT_DATABASE_POOL_MAXIMUM_SIZE");
    assertThat(ConfigKeys.environmentName("database.transactionIsolationLevel"))
        .isEqualTo("LEDGERKIT_DATABASE_TRANSACTION_ISOLATION_LEVEL");
    assertThat(ConfigKeys.environmentName("balance.redis.keyPrefix"))
        .isEqualTo("LEDGERKIT_BALANCE_REDIS_KEY_PREFIX");
    assertThat(ConfigKeys.environmentName("schemas.com.example.CashSchema.tablePrefix"))
        .isEqualTo("LEDGERKIT_SCHEMAS_CASH_SCHEMA_TABLE_PREFIX");
    assertThat(ConfigKeys.environmentName(ConfigKeys.databaseSchemaKey(CashSchema.class)))
        .isEqualTo("LEDGERKIT_SCHEMAS_CASH_SCHEMA_DATABASE_SCHEMA");
    assertThatThrownBy(() -> ConfigKeys.environmentName("database.colour"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database.colour");
  }

  @Test
  void everyKeyMapsToItsEnvironmentNameAndBack() {
    for (String key : ConfigKeys.keys()) {
      String env = ConfigKeys.environmentName(key);
      assertThat(env).startsWith("LEDGERKIT_").matches("[A-Z0-9_]+");
      assertThat(ConfigKeys.keyForEnvironmentName(env)).as(env).contains(key);
    }
    assertThat(ConfigKeys.keys()).hasSize(27);
    assertThat(ConfigKeys.environmentName("balance.holds.expiry.batchSize"))
        .isEqualTo("LEDGERKIT_BALANCE_HOLDS_EXPIRY_BATCH_SIZE");
  }

  @Test
  void familyEnvironmentNamesMapBackToTheCanonicalFamilyKey() {
    assertThat(ConfigKeys.keyForEnvironmentName("LEDGERKIT_SCHEMAS_CASH_SCHEMA_TABLE_PREFIX"))
        .contains("schemas.CASH_SCHEMA.tablePrefix");
    assertThat(ConfigKeys.keyForEnvironmentName("LEDGERKIT_SCHEMAS_NODE_SERVICES_DATABASE_SCHEMA"))
        .contains("schemas.NODE_SERVICES.databaseSchema");
    assertThat(ConfigKeys.canonicalKey("schemas.com.example.CashSchema.tablePrefix"))
        .contains("schemas.CASH_SCHEMA.tablePrefix");
    assertThat(ConfigKeys.canonicalKey("schemas.CashSchema.tablePrefix"))
        .contains("schemas.CASH_SCHEMA.tablePrefix");
    assertThat(ConfigKeys.tablePrefixKey(CashSchema.class))
        .isEqualTo("schemas.CASH_SCHEMA.tablePrefix");
  }

  @Test
  void unknownNamesMapToNoKey() {
    assertThat(ConfigKeys.keyForEnvironmentName("LEDGERKIT_DATABASE_URLL")).isEmpty();
    assertThat(ConfigKeys.keyForEnvironmentName("LEDGERKIT_SCHEMAS_VERSION_POLICY"))
        .contains("schemas.versionPolicy");
    assertThat(ConfigKeys.keyForEnvironmentName("PATH")).isEmpty();
    assertThat(ConfigKeys.canonicalKey("schemas.CashSchema.prefix")).isEmpty();
    assertThat(ConfigKeys.canonicalKey("schemas..tablePrefix")).isEmpty();
  }

  @Test
  void familyNamesAreTheUpperSnakeSimpleName() {
    assertThat(ConfigKeys.familyName("com.example.CashSchema")).isEqualTo("CASH_SCHEMA");
    assertThat(ConfigKeys.familyName("CashSchema")).isEqualTo("CASH_SCHEMA");
    assertThat(ConfigKeys.familyName("CASH_SCHEMA")).isEqualTo("CASH_SCHEMA");
    assertThat(ConfigKeys.familyName("com.example.Outer$HTTPRoutes")).isEqualTo("HTTP_ROUTES");
    assertThat(ConfigKeys.familyName(CashSchema.class.getName())).isEqualTo("CASH_SCHEMA");
  }
}
