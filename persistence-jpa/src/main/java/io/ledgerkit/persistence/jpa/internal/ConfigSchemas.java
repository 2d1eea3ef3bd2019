package io.ledgerkit.persistence.jpa.internal;

import io.ledgerkit.persistence.config.ConfigKeys;
import io.ledgerkit.persistence.config.ConfigSource;
import io.ledgerkit.persistence.config.ConfigurationProblem;
import io.ledgerkit.persistence.config.InvalidConfigurationException;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.jpa.DefaultSchemaService;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Builds the {@link DefaultSchemaService} that a {@link LedgerkitConfig} describes: the schemas
 * found by {@link java.util.ServiceLoader} (plus any registered in code), the configured version
 * policy, and the {@code schemas.<family>.*} options of each family. A family named in the
 * configuration that no known schema belongs to is a configuration error (most likely a typo).
 */
public final class ConfigSchemas {

  private ConfigSchemas() {}

  /**
   * Builds the schema service.
   *
   * @param config the configuration
   * @param classLoader the class loader of the service loader
   * @param customize further registrations (schemas, plugins) made in code
   * @return the service
   * @throws InvalidConfigurationException when options name a family no schema belongs to
   */
  public static DefaultSchemaService build(
      LedgerkitConfig config,
      ClassLoader classLoader,
      Consumer<DefaultSchemaService.Builder> customize) {
    DefaultSchemaService probe = builder(config, classLoader, customize).load();
    Map<String, Class<?>> familiesByName = new TreeMap<>();
    for (MappedSchema s : probe.knownSchemas()) {
      familiesByName.put(ConfigKeys.familyName(s.schemaFamily().getName()), s.schemaFamily());
    }
    DefaultSchemaService.Builder b = builder(config, classLoader, customize);
    List<ConfigurationProblem> problems = new ArrayList<>();
    for (Map.Entry<String, SchemaOptions> e : config.schemas().families().entrySet()) {
      Class<?> family = familiesByName.get(e.getKey());
      if (family == null) {
        String key = e.getValue().tablePrefix() != null ? "tablePrefix" : "databaseSchema";
        String fullKey = "schemas." + e.getKey() + "." + key;
        ConfigSource source = config.source(fullKey);
        problems.add(
            new ConfigurationProblem(
                fullKey,
                key.equals("tablePrefix")
                    ? e.getValue().tablePrefix()
                    : e.getValue().databaseSchema(),
                source.name().toLowerCase(java.util.Locale.ROOT),
                "the simple class name of a known schema family: "
                    + (familiesByName.isEmpty()
                        ? "none is known"
                        : String.join(", ", familiesByName.keySet()))));
      } else {
        b.schemaOptions(family, e.getValue());
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return b.load();
  }

  private static DefaultSchemaService.Builder builder(
      LedgerkitConfig config,
      ClassLoader classLoader,
      Consumer<DefaultSchemaService.Builder> customize) {
    DefaultSchemaService.Builder b =
        DefaultSchemaService.configure()
            .classLoader(classLoader)
            .defaultVersionPolicy(config.schemas().versionPolicy());
    customize.accept(b);
    return b;
  }
}
