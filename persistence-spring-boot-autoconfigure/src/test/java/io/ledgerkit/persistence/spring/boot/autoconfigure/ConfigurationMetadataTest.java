package io.ledgerkit.persistence.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.config.ConfigKeys;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.spring.boot.autoconfigure.internal.SpringLedgerkitConfig;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataProperty;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepository;
import org.springframework.boot.configurationmetadata.ConfigurationMetadataRepositoryJsonBuilder;

/**
 * The configuration metadata IDEs complete {@code ledgerkit.*} keys from: one property per key of
 * {@link ConfigKeys#keys()}, in Spring's kebab case, with the library's default.
 */
class ConfigurationMetadataTest {

  private static Map<String, ConfigurationMetadataProperty> properties;

  @BeforeAll
  static void read() throws Exception {
    try (InputStream in =
        ConfigurationMetadataTest.class.getResourceAsStream(
            "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
      ConfigurationMetadataRepository repository =
          ConfigurationMetadataRepositoryJsonBuilder.create(in).build();
      properties = repository.getAllProperties();
    }
  }

  @Test
  void everyConfigKeyHasMetadataAndNothingElseDoes() {
    TreeSet<String> expected = new TreeSet<>();
    for (String key : ConfigKeys.keys()) {
      String name = SpringLedgerkitConfig.propertyName(key);
      expected.add(name);
      assertThat(properties).as("metadata of %s (%s)", name, key).containsKey(name);
      assertThat(properties.get(name).getDescription()).as("description of %s", name).contains(key);
    }
    assertThat(new TreeSet<>(properties.keySet())).isEqualTo(expected);
  }

  @Test
  void everyPropertyNameBindsBackToItsKey() {
    for (String key : ConfigKeys.keys()) {
      String name = SpringLedgerkitConfig.propertyName(key);
      assertThat(SpringLedgerkitConfig.libraryKey(name.substring("ledgerkit.".length())))
          .isEqualTo(key);
      assertThat(SpringLedgerkitConfig.libraryKey(key)).isEqualTo(key);
    }
  }

  @Test
  void theDefaultsShownAreTheLibrarysDefaults() {
    Map<String, String> defaults = LedgerkitConfig.defaults().toProperties();
    for (String key : ConfigKeys.keys()) {
      Object shown = properties.get(SpringLedgerkitConfig.propertyName(key)).getDefaultValue();
      if (shown != null) {
        LedgerkitConfig withShown =
            LedgerkitConfig.configure().environment(Map.of()).set(key, shown.toString()).load();
        assertThat(withShown.toProperties().get(key))
            .as("default of %s shown in the metadata", key)
            .isEqualTo(defaults.get(key));
      }
    }
  }
}
