package io.ledgerkit.persistence.migrations;

import io.ledgerkit.persistence.migrations.internal.Connections;
import io.ledgerkit.persistence.migrations.internal.LiquibaseRunner;
import io.ledgerkit.persistence.migrations.internal.Target;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.io.Writer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Runs the Liquibase master changelogs of the active mapped schemas: one changelog per schema, all
 * sharing Liquibase's {@code DATABASECHANGELOG} history table. Configure it once, then call the
 * operations; an instance is immutable and safe to share between threads (runs are serialized
 * inside the JVM; across processes Liquibase's lock table serializes them).
 *
 * <pre>{@code
 * SchemaMigration migration = SchemaMigration.configure()
 *     .dataSource(dataSource)
 *     .schema(new NodeServicesSchemaV1())
 *     .schema(new ConnectorSchemaV1(), SchemaOptions.tablePrefix("conn_"))
 *     .runMigration(config.runMigration())
 *     .load();
 * migration.startup(); // migrate, or verify that the database is up to date
 * }</pre>
 *
 * <p>Each schema's {@link SchemaOptions} reach its changelog as the changelog parameters {@code
 * ${tablePrefix}} (empty when none) and {@code ${schemaName}}; the database schema also becomes the
 * default schema of that schema's run. A changelog run with non-default options is recorded under
 * the file path {@code schema-<name>/prefix-<prefix>/<resource path>}, so the same changelog can be
 * applied once per set of options without its change sets colliding in the history table.
 */
public final class SchemaMigration {

  private final LiquibaseRunner runner;
  private final boolean runMigration;
  private final boolean forgetUnknownChangeSets;
  private final List<Target> targets;

  private SchemaMigration(Builder b) {
    this.runMigration = b.runMigration;
    this.forgetUnknownChangeSets = b.forgetUnknownChangeSets;
    List<Target> list = new ArrayList<>();
    Map<String, Target> seen = new LinkedHashMap<>();
    for (Map.Entry<MappedSchema, SchemaOptions> e : b.schemas.entrySet()) {
      Target t = Target.of(e.getKey(), e.getValue());
      // Two versions of one family may share a changelog: it runs once per set of options. Two
      // families (e.g. two plugins) with the same resource path have two changelogs: both run.
      if (seen.putIfAbsent(t.schema().name() + ' ' + t.root() + t.resource(), t) == null) {
        list.add(t);
      }
    }
    this.targets = List.copyOf(list);
    this.runner =
        new LiquibaseRunner(
            b.connections, b.contexts, b.labels, b.listener == null ? c -> {} : b.listener);
  }

  /**
   * Starts a configuration.
   *
   * @return a new builder
   */
  public static Builder configure() {
    return new Builder();
  }

  /**
   * Tells whether {@link #startup()} migrates ({@code true}) or only verifies ({@code false}).
   *
   * @return the runMigration flag
   */
  public boolean runMigration() {
    return runMigration;
  }

  /**
   * The active schemas, each with its options and changelog resource, in run order.
   *
   * @return the schemas
   */
  public List<ActiveSchema> schemas() {
    List<ActiveSchema> out = new ArrayList<>();
    for (Target t : targets) {
      out.add(new ActiveSchema(t.schema(), t.options(), t.resource()));
    }
    return List.copyOf(out);
  }

  /**
   * What a node does at start: with {@code runMigration=true}, {@link #migrate()}; otherwise {@link
   * #verify()}.
   *
   * @return what it did and how long it took
   * @throws OutstandingMigrationsException when not migrating and the database is behind
   * @throws MissingMigrationException when a schema has no changelog
   */
  public StartupResult startup() {
    long start = System.nanoTime();
    List<ChangeSetRef> applied;
    if (runMigration) {
      applied = migrate();
    } else {
      verify();
      applied = List.of();
    }
    return new StartupResult(runMigration, applied, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Applies every pending change set of the active schemas. Running it again is a no-op.
   *
   * @return the change sets applied by this call, in order (empty when already up to date)
   * @throws MissingMigrationException when a schema has no changelog
   * @throws MigrationException when the database refuses a change or cannot be reached
   */
  public List<ChangeSetRef> migrate() {
    return runner.migrate(targets);
  }

  /**
   * Checks that no change set of the active schemas is pending. Writes nothing to the database.
   *
   * @throws OutstandingMigrationsException listing the pending change sets per schema
   * @throws MissingMigrationException when a schema has no changelog
   */
  public void verify() {
    List<ChangeSetRef> pending = new ArrayList<>();
    for (SchemaStatus s : status()) {
      pending.addAll(s.pending());
    }
    if (!pending.isEmpty()) {
      throw new OutstandingMigrationsException(pending);
    }
  }

  /**
   * Reports, per active schema, the applied and pending change sets and the last tag. Writes
   * nothing to the database.
   *
   * @return one status per schema, in run order
   */
  public List<SchemaStatus> status() {
    return runner.status(targets);
  }

  /**
   * Writes the SQL that {@link #migrate()} would run against the configured database (the delta),
   * including the statements that record the change sets in {@code DATABASECHANGELOG}.
   *
   * @param out where the script goes; not closed
   */
  public void generateSql(Writer out) {
    Objects.requireNonNull(out, "out");
    runner.deltaSql(targets, out);
  }

  /**
   * Writes the full script of the active schemas for an empty database of the given dialect,
   * offline: no connection is used, none needs to be configured. The script also creates and fills
   * {@code DATABASECHANGELOG}, so a database built by it verifies as up to date. The output is
   * deterministic (no timestamps or user names).
   *
   * @param dialect the target database
   * @param out where the script goes; not closed
   */
  public void generateSql(SqlDialect dialect, Writer out) {
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(out, "out");
    runner.offlineSql(targets, dialect, out);
  }

  /**
   * Tags the current state of the database (the most recently applied change set) so that {@link
   * #rollbackToTag(String)} can return to it. Tags are database-wide.
   *
   * @param tag the tag, e.g. a release version
   * @throws IllegalArgumentException when the tag is blank or already exists
   * @throws MigrationException when no change set has been applied yet
   */
  public void tag(String tag) {
    runner.tag(targets, requireTag(tag));
  }

  /**
   * Rolls back, across the active schemas and in reverse order of application, every change set
   * applied after the tag. When some of them are in none of the active schemas' changelogs (a newer
   * release applied them, or they belong to a schema that is not active), Liquibase cannot roll
   * them back: the rollback is refused before anything changes, unless the migration was built with
   * {@link Builder#forgetUnknownChangeSets(boolean) forgetUnknownChangeSets(true)}, which removes
   * them from {@code DATABASECHANGELOG} without running anything and reports them as forgotten.
   *
   * @param tag an existing tag
   * @return the change sets rolled back and those forgotten
   * @throws IllegalArgumentException when the tag does not exist
   * @throws UnknownChangeSetsException when change sets applied after the tag are unknown to the
   *     loaded changelogs (and are not to be forgotten); nothing was rolled back
   */
  public RollbackResult rollbackToTag(String tag) {
    return runner.rollbackToTag(targets, requireTag(tag), forgetUnknownChangeSets);
  }

  /**
   * Rolls back the {@code count} most recently applied change sets of the active schemas, in
   * reverse order of application.
   *
   * @param count how many, at least 1
   * @return the change sets rolled back, most recent first
   * @throws IllegalArgumentException when the count is below 1 or above the number applied
   */
  public List<ChangeSetRef> rollbackCount(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("rollback count " + count + " must be at least 1");
    }
    return runner.rollbackCount(targets, count);
  }

  /**
   * Drops every table, view and sequence of the connection's default schema and of the active
   * schemas' database schemas, including the history tables. Other objects in those schemas are
   * dropped too: this is for test and development databases.
   *
   * @param confirmation must be {@link Confirmation#YES_DROP_EVERYTHING}
   * @throws IllegalArgumentException without the confirmation; nothing is dropped
   */
  public void dropAll(Confirmation confirmation) {
    if (confirmation != Confirmation.YES_DROP_EVERYTHING) {
      throw new IllegalArgumentException(
          "drop-all refused: it drops every object of the database; pass"
              + " Confirmation.YES_DROP_EVERYTHING (ledgerkit drop-all --yes) to confirm");
    }
    runner.dropAll(targets);
  }

  /**
   * Releases Liquibase's lock on the database, e.g. after a process was killed during a migration.
   * Only do this when no migration is running.
   */
  public void releaseLocks() {
    runner.releaseLocks(targets);
  }

  private static String requireTag(String tag) {
    if (tag == null || tag.isBlank() || tag.length() > 255) {
      throw new IllegalArgumentException(
          "tag '" + tag + "' is invalid; use a non-blank name of at most 255 characters");
    }
    return tag;
  }

  /**
   * An active schema as the migration sees it.
   *
   * @param schema the mapped schema
   * @param options its options
   * @param changelog its master changelog resource
   */
  public record ActiveSchema(MappedSchema schema, SchemaOptions options, String changelog) {}

  /** Configures a {@link SchemaMigration}; {@link #load()} builds the immutable instance. */
  public static final class Builder {
    private Connections connections;
    private final Map<MappedSchema, SchemaOptions> schemas = new LinkedHashMap<>();
    private String contexts;
    private String labels;
    private boolean runMigration;
    private boolean forgetUnknownChangeSets;
    private Consumer<ChangeSetRef> listener;

    private Builder() {}

    /**
     * Uses a DataSource; each operation borrows a connection and returns it.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      Objects.requireNonNull(dataSource, "dataSource");
      this.connections = dataSource::getConnection;
      return this;
    }

    /**
     * Uses a JDBC URL and credentials; each operation opens a connection and closes it.
     *
     * @param jdbcUrl the URL, e.g. {@code jdbc:postgresql://host/db}
     * @param user the user, or {@code null}
     * @param password the password, or {@code null}
     * @return this builder
     */
    public Builder url(String jdbcUrl, String user, String password) {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      if (!jdbcUrl.startsWith("jdbc:")) {
        throw new IllegalArgumentException(
            "database URL '" + jdbcUrl + "' is not a JDBC URL; it must start with 'jdbc:'");
      }
      this.connections =
          () ->
              user == null
                  ? DriverManager.getConnection(jdbcUrl)
                  : connect(jdbcUrl, user, password);
      return this;
    }

    private static Connection connect(String url, String user, String password)
        throws java.sql.SQLException {
      return DriverManager.getConnection(url, user, password == null ? "" : password);
    }

    /**
     * Adds an active schema with default options.
     *
     * @param schema the schema
     * @return this builder
     */
    public Builder schema(MappedSchema schema) {
      return schema(schema, SchemaOptions.DEFAULT);
    }

    /**
     * Adds an active schema with options; a prefix left unset ({@code null}) becomes the schema's
     * {@link MappedSchema#defaultTablePrefix() default prefix}, as in the ORM mapping.
     *
     * @param schema the schema
     * @param options its database schema and table prefix
     * @return this builder
     */
    public Builder schema(MappedSchema schema, SchemaOptions options) {
      schemas.put(
          Objects.requireNonNull(schema, "schema"),
          (options == null ? SchemaOptions.DEFAULT : options).resolvedFor(schema));
      return this;
    }

    /**
     * Adds active schemas with default options, in iteration order.
     *
     * @param schemas the schemas
     * @return this builder
     */
    public Builder schemas(Collection<? extends MappedSchema> schemas) {
      schemas.forEach(this::schema);
      return this;
    }

    /**
     * Adds active schemas with their options, in iteration order.
     *
     * @param schemas the schemas and options
     * @return this builder
     */
    public Builder schemas(Map<? extends MappedSchema, SchemaOptions> schemas) {
      schemas.forEach(this::schema);
      return this;
    }

    /**
     * Liquibase contexts expression selecting change sets, e.g. {@code "!test"}.
     *
     * @param contexts the expression, or {@code null} for all
     * @return this builder
     */
    public Builder contexts(String contexts) {
      this.contexts = contexts;
      return this;
    }

    /**
     * Liquibase labels expression selecting change sets.
     *
     * @param labels the expression, or {@code null} for all
     * @return this builder
     */
    public Builder labels(String labels) {
      this.labels = labels;
      return this;
    }

    /**
     * Whether {@link SchemaMigration#startup()} migrates ({@code true}) or verifies ({@code false},
     * the default).
     *
     * @param runMigration the flag
     * @return this builder
     */
    public Builder runMigration(boolean runMigration) {
      this.runMigration = runMigration;
      return this;
    }

    /**
     * Whether {@link SchemaMigration#rollbackToTag(String)} forgets the change sets applied after
     * the tag that no active schema's changelog contains: removes their rows from {@code
     * DATABASECHANGELOG} without running anything (what they created stays). Default {@code false}:
     * such a rollback is refused with {@link UnknownChangeSetsException}.
     *
     * @param forget the flag
     * @return this builder
     */
    public Builder forgetUnknownChangeSets(boolean forget) {
      this.forgetUnknownChangeSets = forget;
      return this;
    }

    /**
     * Called for each change set as soon as {@link SchemaMigration#migrate()} has applied it.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder onChangeSetApplied(Consumer<ChangeSetRef> listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Builds the migration. No connection is opened here.
     *
     * @return the immutable migration
     * @throws IllegalStateException when no schema was added
     */
    public SchemaMigration load() {
      if (schemas.isEmpty()) {
        throw new IllegalStateException(
            "no schema to migrate; add one with schema(...) or schemas(...)");
      }
      if (connections == null) {
        this.connections =
            () -> {
              throw new IllegalStateException(
                  "no database configured; set dataSource(...) or url(...)"
                      + " (only generateSql(SqlDialect, Writer) works without one)");
            };
      }
      return new SchemaMigration(this);
    }
  }
}
