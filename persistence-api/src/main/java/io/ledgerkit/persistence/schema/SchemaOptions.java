package io.ledgerkit.persistence.schema;

import java.util.regex.Pattern;

/**
 * Where a mapped schema's tables live: an optional database schema and an optional table-name
 * prefix, applied to both the ORM mapping and the schema's migrations. Each is a plain SQL
 * identifier: a letter or underscore, then letters, digits or underscores, at most 20 characters.
 *
 * @param databaseSchema the database schema, or {@code null} for the connection's default
 * @param tablePrefix the prefix added to every table name; {@code null} when not set (the schema's
 *     {@link MappedSchema#defaultTablePrefix() default prefix} applies, usually none), the empty
 *     string for explicitly none
 */
public record SchemaOptions(String databaseSchema, String tablePrefix) {

  /** No database schema and no prefix. */
  public static final SchemaOptions DEFAULT = new SchemaOptions(null, null);

  /** The largest accepted length of a database schema name or table prefix. */
  public static final int MAX_IDENTIFIER_LENGTH = 20;

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,19}");

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException naming the value when one is not a plain SQL identifier
   * @param databaseSchema the database schema, or {@code null} for the connection's default
   * @param tablePrefix the prefix added to every table name; {@code null} when not set (the
   *     schema's {@link MappedSchema#defaultTablePrefix() default prefix} applies, usually none),
   *     the empty string for explicitly none
   */
  public SchemaOptions {
    check("databaseSchema", databaseSchema);
    if (tablePrefix == null || !tablePrefix.isEmpty()) {
      check("tablePrefix", tablePrefix);
    }
  }

  /**
   * Options with only a table prefix.
   *
   * @param tablePrefix the prefix
   * @return the options
   */
  public static SchemaOptions tablePrefix(String tablePrefix) {
    return new SchemaOptions(null, tablePrefix);
  }

  /**
   * Options with only a database schema.
   *
   * @param databaseSchema the schema
   * @return the options
   */
  public static SchemaOptions databaseSchema(String databaseSchema) {
    return new SchemaOptions(databaseSchema, null);
  }

  /**
   * These options with the schema's {@link MappedSchema#defaultTablePrefix() default prefix} when
   * no prefix is set; the one rule by which the ORM mapping and the migrations agree on table
   * names.
   *
   * @param schema the schema these options are for
   * @return the options to use
   */
  public SchemaOptions resolvedFor(MappedSchema schema) {
    if (tablePrefix != null || schema.defaultTablePrefix() == null) {
      return this;
    }
    return new SchemaOptions(databaseSchema, schema.defaultTablePrefix());
  }

  /**
   * The prefix, or the empty string when none.
   *
   * @return the prefix
   */
  public String prefix() {
    return tablePrefix == null ? "" : tablePrefix;
  }

  private static void check(String name, String value) {
    if (value != null && !IDENTIFIER.matcher(value).matches()) {
      throw new IllegalArgumentException(
          name
              + " '"
              + value
              + "' is not a plain SQL identifier; use a letter or underscore followed by letters,"
              + " digits or underscores, at most "
              + MAX_IDENTIFIER_LENGTH
              + " characters");
    }
  }
}
