package io.ledgerkit.persistence.spring.boot.autoconfigure.internal;

import io.ledgerkit.persistence.config.ConfigKeys;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Builds a {@link LedgerkitConfig} from a Spring {@link Environment}, leaving validation to the
 * library.
 *
 * <p>Each property source's {@code ledgerkit.*} sub-tree is bound to a map (placeholders resolved,
 * YAML flattened) and handed to the library at the file level, one layer per property, weakest
 * source first, so Spring's precedence holds and an error names the Spring property and its source.
 * Keys may be written as in {@code ledgerkit.properties} ({@code database.runMigration}) or in
 * Spring's kebab case ({@code database.run-migration}). The process environment is not bound the
 * Spring way: its {@code LEDGERKIT_*} variables go to the library's environment layer under the
 * library's names ({@code LEDGERKIT_DATABASE_RUN_MIGRATION}), which ignores the testkit's {@code
 * LEDGERKIT_TEST_*}.
 */
public final class SpringLedgerkitConfig {

  /** The prefix of the properties. */
  public static final String PREFIX = "ledgerkit";

  private static final Bindable<Map<String, String>> MAP =
      Bindable.mapOf(String.class, String.class);

  private static final Map<String, String> KEY_BY_UNIFORM_NAME = new HashMap<>();

  static {
    for (String key : ConfigKeys.keys()) {
      KEY_BY_UNIFORM_NAME.put(uniform(key), key);
    }
  }

  private SpringLedgerkitConfig() {}

  /**
   * Reads and validates the configuration.
   *
   * @param environment the application's environment
   * @param classLoader the class loader of balance store discovery, or {@code null} for the default
   * @return the configuration
   * @throws io.ledgerkit.persistence.config.InvalidConfigurationException listing every problem
   */
  public static LedgerkitConfig load(Environment environment, ClassLoader classLoader) {
    LedgerkitConfig.Builder builder = LedgerkitConfig.configure();
    if (classLoader != null) {
      builder.classLoader(classLoader);
    }
    Map<String, String> variables = new LinkedHashMap<>();
    if (environment instanceof ConfigurableEnvironment configurable) {
      List<PropertySource<?>> sources = new ArrayList<>();
      configurable.getPropertySources().forEach(sources::add);
      Collections.reverse(sources); // weakest first: a later layer overrides an earlier one
      PlaceholdersResolver placeholders = new PropertySourcesPlaceholdersResolver(environment);
      for (PropertySource<?> source : sources) {
        if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
          continue;
        }
        if (source instanceof SystemEnvironmentPropertySource env) {
          env.getSource()
              .forEach(
                  (name, value) -> {
                    if (name.startsWith(ConfigKeys.ENVIRONMENT_PREFIX) && value != null) {
                      variables.put(name, value.toString());
                    }
                  });
          continue;
        }
        Map<String, String> values =
            new Binder(ConfigurationPropertySources.from(source), placeholders)
                .bind(PREFIX, MAP)
                .orElse(Map.of());
        for (Map.Entry<String, String> e : values.entrySet()) {
          Map<String, String> one = new HashMap<>();
          one.put(libraryKey(e.getKey()), e.getValue());
          builder.properties(
              one, "Spring property " + PREFIX + "." + e.getKey() + " in " + source.getName());
        }
      }
    }
    return builder.environment(variables).load();
  }

  /**
   * The library's key for a key written under {@code ledgerkit.}: fixed keys in any of Spring's
   * relaxed forms ({@code database.run-migration}, {@code database.runMigration}, {@code
   * database.run_migration}), per-family keys with their option likewise; anything else unchanged,
   * so the library reports it as unknown.
   *
   * @param key the key without the {@code ledgerkit.} prefix
   * @return the library's key
   */
  public static String libraryKey(String key) {
    String fixed = KEY_BY_UNIFORM_NAME.get(uniform(key));
    if (fixed != null) {
      return fixed;
    }
    int last = key.lastIndexOf('.');
    if (key.toLowerCase(Locale.ROOT).startsWith("schemas.") && last > "schemas.".length()) {
      String family = key.substring("schemas.".length(), last);
      String option = uniform(key.substring(last + 1));
      if (option.equals("tableprefix")) {
        return "schemas." + family + ".tablePrefix";
      }
      if (option.equals("databaseschema")) {
        return "schemas." + family + ".databaseSchema";
      }
    }
    return key;
  }

  /**
   * The Spring (kebab-case) name of a library key: {@code database.runMigration} is {@code
   * ledgerkit.database.run-migration}.
   *
   * @param key a library key
   * @return the property name
   */
  public static String propertyName(String key) {
    StringBuilder b = new StringBuilder(PREFIX).append('.');
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isUpperCase(c)) {
        b.append('-').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String uniform(String key) {
    return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
  }
}
