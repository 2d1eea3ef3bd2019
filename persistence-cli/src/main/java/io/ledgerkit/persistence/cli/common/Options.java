package io.ledgerkit.persistence.cli.common;

import io.ledgerkit.persistence.schema.SchemaOptions;

/** Formats schema options for the migration commands' output. */
public final class Options {
  private Options() {}

  /**
   * Describes the options as they follow a schema's name, e.g. {@code ", table prefix conn_"}.
   *
   * @param o the options
   * @return the description, empty for the defaults
   */
  public static String describe(SchemaOptions o) {
    StringBuilder b = new StringBuilder();
    if (o.databaseSchema() != null) {
      b.append(", database schema ").append(o.databaseSchema());
    }
    if (o.tablePrefix() != null) {
      b.append(", table prefix ").append(o.tablePrefix());
    }
    return b.toString();
  }
}
