package io.ledgerkit.persistence.migrations;

/**
 * An active mapped schema has no master changelog at its {@code migrationResource()}: the message
 * names the schema, its version and the resource path looked for.
 *
 * <p>A {@link MigrationException}. Not retryable: add the changelog or override {@code
 * migrationResource()}.
 */
public final class MissingMigrationException extends MigrationException {

  private static final long serialVersionUID = 1L;

  /** The schema family whose migration is missing. */
  private final String schemaName;

  /** The schema version whose migration is missing. */
  private final int schemaVersion;

  /** The changelog resource that was looked for. */
  private final String resource;

  /**
   * Creates the exception.
   *
   * @param schemaName the schema family's name
   * @param schemaVersion the schema version
   * @param resource the classpath resource that was not found
   */
  public MissingMigrationException(String schemaName, int schemaVersion, String resource) {
    super(
        "schema "
            + schemaName
            + " v"
            + schemaVersion
            + " has no migration: classpath resource '"
            + resource
            + "' not found; add that master changelog or override migrationResource()");
    this.schemaName = schemaName;
    this.schemaVersion = schemaVersion;
    this.resource = resource;
  }

  /**
   * The schema family's name.
   *
   * @return the name
   */
  public String schemaName() {
    return schemaName;
  }

  /**
   * The schema version.
   *
   * @return the version
   */
  public int schemaVersion() {
    return schemaVersion;
  }

  /**
   * The resource path looked for.
   *
   * @return the path
   */
  public String resource() {
    return resource;
  }
}
