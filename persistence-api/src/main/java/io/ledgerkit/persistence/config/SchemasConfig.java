package io.ledgerkit.persistence.config;

import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The mapped schemas ({@code schemas.*}): which versions are active and the {@link SchemaOptions}
 * per schema family. A family is identified by the simple name of its class, written in upper snake
 * case ({@code CashSchema} and {@code com.example.CashSchema} are both {@code CASH_SCHEMA}), so
 * that the same family can be named in a properties file and in an environment variable.
 *
 * @param versionPolicy which versions of each family are active
 * @param families the options per family, keyed by the family's upper-snake name (keys given in
 *     another form are normalized)
 */
public record SchemasConfig(
    SchemaVersionPolicy versionPolicy, Map<String, SchemaOptions> families) {

  /**
   * Validates and normalizes.
   *
   * @param versionPolicy which versions of each family are active
   * @param families the options per family, keyed by the family's upper-snake name (keys given in
   *     another form are normalized)
   */
  public SchemasConfig {
    Objects.requireNonNull(versionPolicy, "versionPolicy");
    TreeMap<String, SchemaOptions> normalized = new TreeMap<>();
    families.forEach(
        (family, options) ->
            normalized.put(ConfigKeys.familyName(family), Objects.requireNonNull(options, family)));
    families = Collections.unmodifiableMap(normalized);
  }

  /**
   * The options configured for a schema's family.
   *
   * @param schema the schema
   * @return its options, or {@link SchemaOptions#DEFAULT} when none are configured
   */
  public SchemaOptions optionsFor(MappedSchema schema) {
    return optionsFor(schema.schemaFamily());
  }

  /**
   * The options configured for a schema family.
   *
   * @param family the family class
   * @return its options, or {@link SchemaOptions#DEFAULT} when none are configured
   */
  public SchemaOptions optionsFor(Class<?> family) {
    return optionsFor(family.getName());
  }

  /**
   * The options configured for a schema family given by name.
   *
   * @param family the family's fully-qualified or simple class name, or its upper-snake name
   * @return its options, or {@link SchemaOptions#DEFAULT} when none are configured
   */
  public SchemaOptions optionsFor(String family) {
    return families.getOrDefault(ConfigKeys.familyName(family), SchemaOptions.DEFAULT);
  }
}
