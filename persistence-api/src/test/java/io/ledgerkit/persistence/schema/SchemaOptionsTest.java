package io.ledgerkit.persistence.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SchemaOptions")
class SchemaOptionsTest {

  @Test
  @DisplayName("accepts plain SQL identifiers up to 20 characters and nulls")
  void accepts() {
    assertThat(new SchemaOptions("ledger", "lk_").prefix()).isEqualTo("lk_");
    assertThat(SchemaOptions.tablePrefix("_x1").databaseSchema()).isNull();
    assertThat(SchemaOptions.databaseSchema("a".repeat(20)).tablePrefix()).isNull();
    assertThat(SchemaOptions.DEFAULT.prefix()).isEmpty();
  }

  @Test
  void anEmptyPrefixIsExplicitlyNoneAndReplacesTheSchemasDefault() {
    assertThat(SchemaOptions.tablePrefix("").prefix()).isEmpty();
    assertThatThrownBy(() -> SchemaOptions.databaseSchema(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("databaseSchema ''");
    MappedSchema prefixed =
        new MappedSchema(SchemaOptionsTest.class, 1, java.util.List.of()) {
          @Override
          public String defaultTablePrefix() {
            return "lk_";
          }
        };
    assertThat(SchemaOptions.DEFAULT.resolvedFor(prefixed))
        .isEqualTo(SchemaOptions.tablePrefix("lk_"));
    assertThat(SchemaOptions.databaseSchema("s").resolvedFor(prefixed))
        .isEqualTo(new SchemaOptions("s", "lk_"));
    assertThat(SchemaOptions.tablePrefix("").resolvedFor(prefixed).prefix()).isEmpty();
    assertThat(SchemaOptions.tablePrefix("x_").resolvedFor(prefixed).prefix()).isEqualTo("x_");
    MappedSchema plain = new MappedSchema(SchemaOptionsTest.class, 1, java.util.List.of());
    assertThat(SchemaOptions.DEFAULT.resolvedFor(plain)).isEqualTo(SchemaOptions.DEFAULT);
  }

  @ParameterizedTest(name = "refuses \"{0}\"")
  @ValueSource(
      strings = {"x; drop table y", "1abc", "a-b", "a.b", "sch\"ema", "ä", "abcdefghijklmnopqrstu"})
  @DisplayName("refuses anything but a plain SQL identifier, naming the value and the rule")
  void refuses(String bad) {
    assertThatThrownBy(() -> SchemaOptions.tablePrefix(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tablePrefix '" + bad + "'")
        .hasMessageContaining("at most 20 characters");
    assertThatThrownBy(() -> SchemaOptions.databaseSchema(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("databaseSchema '" + bad + "'");
  }
}
