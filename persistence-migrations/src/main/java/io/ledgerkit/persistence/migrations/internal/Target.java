package io.ledgerkit.persistence.migrations.internal;

import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;

/**
 * One schema's changelog run with its options.
 *
 * @param schema the schema
 * @param options its options
 * @param resource the master changelog resource
 * @param root the virtual root under which its change sets are recorded
 */
public record Target(MappedSchema schema, SchemaOptions options, String resource, String root) {

  /**
   * Creates the target of a schema.
   *
   * @param schema the schema
   * @param options its options
   * @return the target
   */
  public static Target of(MappedSchema schema, SchemaOptions options) {
    String resource = schema.migrationResource();
    while (resource.startsWith("/")) {
      resource = resource.substring(1);
    }
    StringBuilder root = new StringBuilder();
    if (options.databaseSchema() != null) {
      root.append("schema-").append(options.databaseSchema()).append('/');
    }
    if (options.tablePrefix() != null && !options.tablePrefix().isEmpty()) {
      root.append("prefix-").append(options.tablePrefix()).append('/');
    }
    return new Target(schema, options, resource, root.toString());
  }

  String name() {
    return schema.name();
  }

  ClassLoader classLoader() {
    ClassLoader cl = schema.getClass().getClassLoader();
    return cl != null ? cl : Thread.currentThread().getContextClassLoader();
  }
}
