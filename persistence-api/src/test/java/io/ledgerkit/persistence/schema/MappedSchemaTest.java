package io.ledgerkit.persistence.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MappedSchema")
class MappedSchemaTest {

  static final class NodeServices {}

  static final class CashSchema {}

  static final class Entity1 {}

  static final class Entity2 {}

  static final class Overridden extends MappedSchema {
    Overridden() {
      super(CashSchema.class, 2, List.of());
    }

    @Override
    public String migrationResource() {
      return "db/cash-v2.xml";
    }
  }

  @Test
  @DisplayName("converts class names to kebab case")
  void kebabCase() {
    assertThat(MappedSchema.kebabCase("NodeServices")).isEqualTo("node-services");
    assertThat(MappedSchema.kebabCase("NodeServicesSchema")).isEqualTo("node-services-schema");
    assertThat(MappedSchema.kebabCase("VaultSchemaV1")).isEqualTo("vault-schema-v1");
    assertThat(MappedSchema.kebabCase("HTTPServer")).isEqualTo("http-server");
    assertThat(MappedSchema.kebabCase("Vault")).isEqualTo("vault");
    assertThat(MappedSchema.kebabCase("Cash2Schema")).isEqualTo("cash2-schema");
  }

  @Test
  @DisplayName(
      "names itself after the family and defaults the changelog to"
          + " migration/<family-kebab>.changelog-master.xml")
  void defaults() {
    MappedSchema s = new MappedSchema(NodeServices.class, 1, List.of(Entity1.class));
    assertThat(s.name()).isEqualTo(NodeServices.class.getName());
    assertThat(s.migrationResource()).isEqualTo("migration/node-services.changelog-master.xml");
    assertThat(s.version()).isEqualTo(1);
    assertThat(s.schemaFamily()).isEqualTo(NodeServices.class);
    assertThat(s).hasToString(NodeServices.class.getName() + " v1");
    assertThat(new Overridden().migrationResource()).isEqualTo("db/cash-v2.xml");
  }

  @Test
  @DisplayName("is equal to another schema exactly when family, version and mapped types are")
  void equality() {
    MappedSchema a = new MappedSchema(CashSchema.class, 1, List.of(Entity1.class, Entity2.class));
    MappedSchema same =
        new MappedSchema(CashSchema.class, 1, List.of(Entity1.class, Entity2.class));
    assertThat(a).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(a)
        .isNotEqualTo(new MappedSchema(CashSchema.class, 2, List.of(Entity1.class, Entity2.class)));
    assertThat(a).isNotEqualTo(new MappedSchema(CashSchema.class, 1, List.of(Entity1.class)));
    assertThat(a)
        .isNotEqualTo(
            new MappedSchema(NodeServices.class, 1, List.of(Entity1.class, Entity2.class)));
    assertThat(new Overridden()).isEqualTo(new MappedSchema(CashSchema.class, 2, List.of()));
  }

  @Test
  @DisplayName("refuses a version below 1, naming the schema, and keeps its own copy of the types")
  void validation() {
    assertThatThrownBy(() -> new MappedSchema(CashSchema.class, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(CashSchema.class.getName())
        .hasMessageContaining("version 0");
    List<Class<?>> types = new ArrayList<>(List.of(Entity1.class));
    MappedSchema s = new MappedSchema(CashSchema.class, 1, types);
    types.add(Entity2.class);
    assertThat(s.mappedTypes()).containsExactly(Entity1.class);
    assertThatThrownBy(() -> s.mappedTypes().add(Entity2.class))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
