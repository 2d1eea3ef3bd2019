package io.ledgerkit.persistence.cli;

import io.ledgerkit.persistence.schema.SchemaOptions;

/** Formats schema options for the migration commands' output. */
final class Options {
  private Options() {}

  static String describe(SchemaOptions o) {
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
