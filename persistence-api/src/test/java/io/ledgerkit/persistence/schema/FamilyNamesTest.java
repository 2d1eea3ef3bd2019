package io.ledgerkit.persistence.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.config.ConfigKeys;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One family has one name everywhere: the default changelog of {@link MappedSchema}, the
 * configuration keys and the CLI's {@code --schema} all use {@link FamilyNames}.
 */
@DisplayName("FamilyNames")
class FamilyNamesTest {

  /** A family whose name starts with an acronym, as the Interledger connector's does. */
  static final class ILPConnectorSchema {}

  static final class Outer {
    static final class HTTPRoutes2Schema {}
  }

  static final class ILPConnectorSchemaV1 extends MappedSchema {
    ILPConnectorSchemaV1() {
      super(ILPConnectorSchema.class, 1, List.of());
    }
  }

  @ParameterizedTest(name = "{0} -> {1} / {2}")
  @CsvSource({
    "NodeServices, node-services, NODE_SERVICES",
    "ILPConnectorSchema, ilp-connector-schema, ILP_CONNECTOR_SCHEMA",
    "HTTPServer, http-server, HTTP_SERVER",
    "IOU, iou, IOU",
    "Cash2Schema, cash2-schema, CASH2_SCHEMA",
    "VaultSchemaV1, vault-schema-v1, VAULT_SCHEMA_V1",
    "SchemaV10Beta, schema-v10-beta, SCHEMA_V10_BETA",
    "com.example.Outer$InnerSchema, inner-schema, INNER_SCHEMA",
    "com.example.ILPConnectorSchema, ilp-connector-schema, ILP_CONNECTOR_SCHEMA",
    "ILP_CONNECTOR_SCHEMA, ilp-connector-schema, ILP_CONNECTOR_SCHEMA",
    "ilp-connector-schema, ilp-connector-schema, ILP_CONNECTOR_SCHEMA",
  })
  void kebabAndUpperSnakeAreTheSameWords(String name, String kebab, String snake) {
    assertThat(FamilyNames.kebabCase(name)).isEqualTo(kebab);
    assertThat(FamilyNames.upperSnake(name)).isEqualTo(snake);
    assertThat(ConfigKeys.familyName(name)).isEqualTo(snake);
  }

  @Test
  void nestedClassesAreNamedByTheirSimpleName() {
    assertThat(FamilyNames.kebabCase(Outer.HTTPRoutes2Schema.class))
        .isEqualTo("http-routes2-schema");
    assertThat(ConfigKeys.familyName(Outer.HTTPRoutes2Schema.class.getName()))
        .isEqualTo("HTTP_ROUTES2_SCHEMA");
  }

  @Test
  void anAcronymFamilyHasOneNameInTheApiTheConfigurationAndForMatching() {
    MappedSchema schema = new ILPConnectorSchemaV1();
    assertThat(schema.migrationResource())
        .isEqualTo("migration/ilp-connector-schema.changelog-master.xml");
    assertThat(ConfigKeys.tablePrefixKey(ILPConnectorSchema.class))
        .isEqualTo("schemas.ILP_CONNECTOR_SCHEMA.tablePrefix");
    assertThat(ConfigKeys.environmentName(ConfigKeys.tablePrefixKey(ILPConnectorSchema.class)))
        .isEqualTo("LEDGERKIT_SCHEMAS_ILP_CONNECTOR_SCHEMA_TABLE_PREFIX");

    // every spelling a user may write in a file or the environment reaches the same family
    for (String key :
        List.of(
            "schemas." + ILPConnectorSchema.class.getName() + ".tablePrefix",
            "schemas.ILPConnectorSchema.tablePrefix",
            "schemas.ilp-connector-schema.tablePrefix",
            "schemas.ILP_CONNECTOR_SCHEMA.tablePrefix")) {
      Properties p = new Properties();
      p.setProperty(key, "ilp_");
      LedgerkitConfig config =
          LedgerkitConfig.configure().properties(p).environment(Map.of()).load();
      assertThat(config.schemas().optionsFor(schema).tablePrefix()).as(key).isEqualTo("ilp_");
    }
    LedgerkitConfig fromEnv =
        LedgerkitConfig.configure()
            .environment(Map.of("LEDGERKIT_SCHEMAS_ILP_CONNECTOR_SCHEMA_TABLE_PREFIX", "ilp_"))
            .load();
    assertThat(fromEnv.schemas().optionsFor(schema).tablePrefix()).isEqualTo("ilp_");

    for (String typed :
        List.of(
            "ilp-connector-schema",
            "ILPConnectorSchema",
            "ILP_CONNECTOR_SCHEMA",
            ILPConnectorSchema.class.getName())) {
      assertThat(FamilyNames.matches(ILPConnectorSchema.class, typed)).as(typed).isTrue();
    }
    assertThat(FamilyNames.matches(ILPConnectorSchema.class, "ilpconnector-schema")).isFalse();
  }
}
