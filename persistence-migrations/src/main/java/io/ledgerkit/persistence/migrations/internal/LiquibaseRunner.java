package io.ledgerkit.persistence.migrations.internal;

import io.ledgerkit.persistence.migrations.ChangeSetRef;
import io.ledgerkit.persistence.migrations.Dialect;
import io.ledgerkit.persistence.migrations.MigrationException;
import io.ledgerkit.persistence.migrations.MissingMigrationException;
import io.ledgerkit.persistence.migrations.RollbackResult;
import io.ledgerkit.persistence.migrations.SchemaStatus;
import io.ledgerkit.persistence.migrations.UnknownChangeSetsException;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.CatalogAndSchema;
import liquibase.Contexts;
import liquibase.GlobalConfiguration;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.change.Change;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.OfflineChangeLogHistoryService;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.filter.ChangeSetFilter;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.OfflineConnection;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.DatabaseException;
import liquibase.exception.LiquibaseException;
import liquibase.exception.MigrationFailedException;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs Liquibase for each target schema, serialized inside the JVM. */
public final class LiquibaseRunner {

  private static final Logger LOG = LoggerFactory.getLogger(LiquibaseRunner.class);

  /**
   * Liquibase is not thread-safe (its Scope, factories and singletons are JVM-wide), so every run
   * in this JVM takes this lock. This is the module's one piece of static mutable state, and it has
   * to be static: two independent SchemaMigration instances (e.g. two nodes in one test JVM) must
   * not run Liquibase at the same time either. Across processes, Liquibase's DATABASECHANGELOGLOCK
   * table serializes runs on one database.
   */
  private static final ReentrantLock JVM_LOCK = new ReentrantLock();

  private static final int MAX_ATTEMPTS = 6;

  /** Header lines of Liquibase's scripts that change from run to run (time, URL, version). */
  private static final java.util.regex.Pattern VOLATILE_HEADER =
      java.util.regex.Pattern.compile("--\\s*(Ran at|Against|Liquibase version):");

  /** Opens a JDBC connection for one operation. */
  @FunctionalInterface
  public interface Connections {
    /**
     * Opens a connection; the caller closes it.
     *
     * @return the connection
     * @throws SQLException when the database cannot be reached
     */
    Connection open() throws SQLException;
  }

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

  private final Connections connections;
  private final String contexts;
  private final String labels;
  private final Consumer<ChangeSetRef> listener;

  /**
   * Creates a runner.
   *
   * @param connections opens connections
   * @param contexts Liquibase contexts, or null
   * @param labels Liquibase labels, or null
   * @param listener told of each applied change set
   */
  public LiquibaseRunner(
      Connections connections, String contexts, String labels, Consumer<ChangeSetRef> listener) {
    this.connections = connections;
    this.contexts = contexts;
    this.labels = labels;
    this.listener = listener;
  }

  private Contexts contexts() {
    return new Contexts(contexts);
  }

  private LabelExpression labels() {
    return new LabelExpression(labels);
  }

  // ---------------------------------------------------------------------------------------------
  // Operations

  /**
   * Applies pending change sets.
   *
   * @param targets the targets
   * @return the applied change sets
   */
  public List<ChangeSetRef> migrate(List<Target> targets) {
    checkResources(targets);
    return locked(
        () -> {
          List<ChangeSetRef> applied = new ArrayList<>();
          for (Target t : targets) {
            if (t.options().databaseSchema() != null) {
              withRetry(
                  t,
                  () -> {
                    createSchemaIfMissing(t.options().databaseSchema());
                    return null;
                  });
            }
            List<ChangeSetRef> ofTarget = new ArrayList<>();
            withRetry(
                t,
                () -> {
                  ofTarget.clear();
                  online(
                      t,
                      lb -> {
                        checkPaths(t, lb.getDatabaseChangeLog());
                        lb.setChangeExecListener(
                            new AbstractChangeExecListener() {
                              @Override
                              public void ran(
                                  ChangeSet changeSet,
                                  DatabaseChangeLog databaseChangeLog,
                                  Database database,
                                  ChangeSet.ExecType execType) {
                                if (execType == ChangeSet.ExecType.EXECUTED
                                    || execType == ChangeSet.ExecType.RERAN) {
                                  ChangeSetRef ref = ref(t, changeSet);
                                  ofTarget.add(ref);
                                  LOG.debug("applied change set {}", ref);
                                  listener.accept(ref);
                                }
                              }
                            });
                        lb.update(contexts(), labels());
                        return null;
                      });
                  return null;
                });
            applied.addAll(ofTarget);
            if (!ofTarget.isEmpty()) {
              LOG.info(
                  "migrated schema {}: {} change set(s) applied",
                  t.schema().schemaFamily().getSimpleName(),
                  ofTarget.size());
            }
          }
          return applied;
        });
  }

  /**
   * Reports status without writing.
   *
   * @param targets the targets
   * @return the statuses
   */
  public List<SchemaStatus> status(List<Target> targets) {
    checkResources(targets);
    return locked(
        () -> {
          List<SchemaStatus> out = new ArrayList<>();
          for (Target t : targets) {
            out.add(
                online(
                    t,
                    lb -> {
                      DatabaseChangeLog log = lb.getDatabaseChangeLog();
                      checkPaths(t, log);
                      List<ChangeSetRef> pending = new ArrayList<>();
                      for (ChangeSet cs : lb.listUnrunChangeSets(contexts(), labels(), false)) {
                        pending.add(ref(t, cs));
                      }
                      List<RanChangeSet> ran = ranChangeSets(lb.getDatabase());
                      List<ChangeSetRef> applied = new ArrayList<>();
                      String lastTag = null;
                      for (RanChangeSet r : ran) {
                        if (r.getTag() != null) {
                          lastTag = r.getTag();
                        }
                        if (log.getChangeSet(r) != null) {
                          applied.add(
                              new ChangeSetRef(
                                  t.name(), r.getId(), r.getAuthor(), r.getChangeLog()));
                        }
                      }
                      return new SchemaStatus(
                          t.name(),
                          t.schema().version(),
                          t.resource(),
                          t.options(),
                          applied,
                          pending,
                          lastTag);
                    }));
          }
          return out;
        });
  }

  /**
   * Writes the delta SQL of a live database.
   *
   * @param targets the targets
   * @param out the output
   */
  public void deltaSql(List<Target> targets, Writer out) {
    checkResources(targets);
    locked(
        () -> {
          for (Target t : targets) {
            StringWriter sql = new StringWriter();
            online(
                t,
                lb -> {
                  checkPaths(t, lb.getDatabaseChangeLog());
                  lb.update(contexts(), labels(), sql);
                  return null;
                });
            write(out, normalize(sql.toString()));
          }
          return null;
        });
  }

  /**
   * Writes the full offline script of a dialect.
   *
   * @param targets the targets
   * @param dialect the dialect
   * @param out the output
   */
  public void offlineSql(List<Target> targets, Dialect dialect, Writer out) {
    checkResources(targets);
    locked(
        () -> {
          Path dir = Files.createTempDirectory("ledgerkit-offline");
          try {
            Path history = dir.resolve("databasechangelog.csv");
            StringBuilder script = new StringBuilder();
            boolean first = true;
            for (Target t : targets) {
              StringWriter sql = new StringWriter();
              String url =
                  "offline:"
                      + dialect.shortName()
                      + "?outputLiquibaseSql="
                      + (first ? "all" : "data_only")
                      + (dialect == Dialect.MYSQL || dialect == Dialect.MARIADB
                          ? "&caseSensitive=true"
                          : "")
                      + "&changeLogFile="
                      + history.toAbsolutePath().toString().replace('\\', '/');
              first = false;
              ScopedResourceAccessor accessor = accessor(t);
              NumberingOfflineConnection connection = new NumberingOfflineConnection(url, accessor);
              Database db =
                  DatabaseFactory.getInstance().findCorrectDatabaseImplementation(connection);
              db.setOutputDefaultSchema(false);
              db.setOutputDefaultCatalog(false);
              if (t.options().databaseSchema() != null) {
                db.setDefaultSchemaName(t.options().databaseSchema());
                db.setOutputDefaultSchema(true);
              }
              inScope(
                  Map.of(Scope.Attr.deploymentId.name(), "0000000000"),
                  () -> {
                    Liquibase lb = liquibase(t, accessor, db);
                    try {
                      checkPaths(t, lb.getDatabaseChangeLog());
                      checkExpressible(lb, db, dialect);
                      lb.update(contexts(), labels(), sql);
                    } finally {
                      db.close();
                      connection.unregisterHistory();
                    }
                    return null;
                  });
              script.append(normalize(sql.toString()));
            }
            // written only once every target generated: a refused change leaves no partial script
            write(out, script.toString());
          } finally {
            try (var files = Files.list(dir)) {
              for (Path p : files.toList()) {
                Files.deleteIfExists(p);
              }
            }
            Files.deleteIfExists(dir);
          }
          return null;
        });
  }

  /**
   * Refuses, before anything is written, change sets that would run on the dialect but contain a
   * change the dialect cannot express (e.g. {@code createSequence} on MySQL): Liquibase would emit
   * no SQL for it and still record the change set as executed.
   */
  private void checkExpressible(Liquibase lb, Database db, Dialect dialect) throws Exception {
    List<String> refused = new ArrayList<>();
    // the offline history starts empty: every change set these filters accept runs
    List<ChangeSetFilter> filters =
        List.of(
            new ContextChangeSetFilter(contexts()),
            new LabelChangeSetFilter(labels()),
            new DbmsChangeSetFilter(db));
    for (ChangeSet cs : lb.getDatabaseChangeLog().getChangeSets()) {
      if (!filters.stream().allMatch(f -> f.accepts(cs).isAccepted())) {
        continue;
      }
      for (Change change : cs.getChanges()) {
        if (!change.supports(db)) {
          refused.add(
              "change set '"
                  + cs.getId()
                  + "' by '"
                  + cs.getAuthor()
                  + "' in '"
                  + cs.getFilePath()
                  + "': "
                  + change.getDescription());
        }
      }
    }
    if (!refused.isEmpty()) {
      throw new MigrationException(
          "the offline "
              + dialect.shortName()
              + " script cannot express "
              + String.join("; ", refused)
              + " on "
              + dialect.shortName()
              + "; the change set would be recorded as executed without any SQL. Restrict it to"
              + " the databases that support it (dbms=\"!"
              + dialect.shortName()
              + "\" on the change set) and add a "
              + dialect.shortName()
              + "-specific change set (dbms=\""
              + dialect.shortName()
              + "\") that does the equivalent");
    }
  }

  /**
   * An offline connection whose history numbers {@code ORDEREXECUTED} 1, 2, 3, ...: Liquibase's
   * offline history draws one number for the {@code INSERT} of the script and another for its CSV
   * row, so the script counted 1, 3, 5, ... and the next target's numbers started after the CSV's.
   */
  private static final class NumberingOfflineConnection extends OfflineConnection {

    private ChangeLogHistoryService history;

    NumberingOfflineConnection(String url, ScopedResourceAccessor accessor) {
      super(url, accessor);
    }

    @Override
    protected ChangeLogHistoryService createChangeLogHistoryService(Database database) {
      OfflineChangeLogHistoryService plain =
          (OfflineChangeLogHistoryService) super.createChangeLogHistoryService(database);
      history =
          new NumberingOfflineHistory(
              database,
              plain.isExecuteDmlAgainstDatabase(),
              plain.isExecuteDdlAgainstDatabase(),
              historyFile(getURL()));
      return history;
    }

    /** Removes this connection's history service from Liquibase's process-wide registry. */
    void unregisterHistory() {
      if (history != null) {
        Scope.getCurrentScope()
            .getSingleton(ChangeLogHistoryServiceFactory.class)
            .unregister(history);
        history = null;
      }
    }

    private static File historyFile(String url) {
      for (String param : url.substring(url.indexOf('?') + 1).split("&")) {
        if (param.startsWith("changeLogFile=")) {
          return new File(param.substring("changeLogFile=".length()));
        }
      }
      throw new IllegalStateException("offline URL without changeLogFile: " + url);
    }
  }

  /** Hands out one {@code ORDEREXECUTED} number per recorded change set, for script and CSV. */
  private static final class NumberingOfflineHistory extends OfflineChangeLogHistoryService {

    private final Database own;
    private boolean recording;
    private Integer drawn;

    NumberingOfflineHistory(Database database, boolean dml, boolean ddl, File file) {
      super(database, file, dml, ddl);
      this.own = database;
    }

    /**
     * Serves only its own database: Liquibase keeps every registered offline history process-wide
     * and would otherwise hand a stale one (another script's file and database) to the next script.
     */
    @Override
    public boolean supports(Database database) {
      return database == own;
    }

    @Override
    public int getPriority() {
      return super.getPriority() + 1;
    }

    @Override
    public void setExecType(ChangeSet changeSet, ChangeSet.ExecType execType)
        throws DatabaseException {
      recording = true;
      drawn = null;
      try {
        super.setExecType(changeSet, execType);
      } finally {
        recording = false;
        drawn = null;
      }
    }

    @Override
    public int getNextSequenceValue() throws LiquibaseException {
      if (!recording) {
        return super.getNextSequenceValue();
      }
      if (drawn == null) {
        drawn = super.getNextSequenceValue();
      }
      return drawn;
    }
  }

  /**
   * Tags the database.
   *
   * @param targets the targets
   * @param tag the tag
   */
  public void tag(List<Target> targets, String tag) {
    checkResources(targets);
    Target t = targets.get(0);
    locked(
        () ->
            online(
                t,
                lb -> {
                  if (lb.tagExists(tag)) {
                    throw new IllegalArgumentException(
                        "tag '" + tag + "' already exists; choose another name");
                  }
                  if (ranChangeSets(lb.getDatabase()).isEmpty()) {
                    throw new MigrationException(
                        "nothing to tag: no change set has been applied yet; migrate first");
                  }
                  lb.tag(tag);
                  return null;
                }));
  }

  /**
   * Rolls back to a tag. Refuses, before anything changes, when change sets applied after the tag
   * are in none of the targets' changelogs, unless told to forget them.
   *
   * @param targets the targets
   * @param tag the tag
   * @param forgetUnknown remove the unknown change sets from the history without running anything
   * @return what was rolled back and forgotten
   */
  public RollbackResult rollbackToTag(List<Target> targets, String tag, boolean forgetUnknown) {
    checkResources(targets);
    return locked(
        () -> {
          List<RanChangeSet> ran =
              online(
                  targets.get(0),
                  lb -> {
                    if (!lb.tagExists(tag)) {
                      throw new IllegalArgumentException(
                          "tag '"
                              + tag
                              + "' does not exist; see 'ledgerkit status' for the last tag");
                    }
                    return ranChangeSets(lb.getDatabase());
                  });
          int tagIndex = -1;
          for (int i = 0; i < ran.size(); i++) {
            if (tag.equals(ran.get(i).getTag())) {
              tagIndex = i;
            }
          }
          List<RanChangeSet> after = new ArrayList<>(ran.subList(tagIndex + 1, ran.size()));
          List<RanChangeSet> unknown = new ArrayList<>(after);
          for (Target t : targets) {
            online(
                t,
                lb -> {
                  DatabaseChangeLog log = lb.getDatabaseChangeLog();
                  unknown.removeIf(r -> log.getChangeSet(r) != null);
                  return null;
                });
          }
          List<ChangeSetRef> unknownRefs = new ArrayList<>();
          for (RanChangeSet r : unknown) {
            unknownRefs.add(new ChangeSetRef(null, r.getId(), r.getAuthor(), r.getChangeLog()));
          }
          if (!unknown.isEmpty() && !forgetUnknown) {
            throw new UnknownChangeSetsException(tag, unknownRefs);
          }
          if (!unknown.isEmpty()) {
            forget(targets.get(0), unknown);
          }
          after.removeAll(unknown);
          return new RollbackResult(rollback(targets, after), unknownRefs);
        });
  }

  /** Removes change sets from the history, newest first, under Liquibase's lock; runs nothing. */
  private void forget(Target t, List<RanChangeSet> unknown) throws Exception {
    online(
        t,
        lb -> {
          Database db = lb.getDatabase();
          LockService lock = LockServiceFactory.getInstance().getLockService(db);
          lock.waitForLock();
          try {
            ChangeLogHistoryService history =
                Scope.getCurrentScope()
                    .getSingleton(ChangeLogHistoryServiceFactory.class)
                    .getChangeLogService(db);
            for (int i = unknown.size() - 1; i >= 0; i--) {
              RanChangeSet r = unknown.get(i);
              history.removeFromHistory(
                  new ChangeSet(
                      r.getId(), r.getAuthor(), false, false, r.getChangeLog(), null, null, null));
              LOG.warn(
                  "forgot change set {} ({}) of {}: removed from the history, nothing was run",
                  r.getId(),
                  r.getAuthor(),
                  r.getChangeLog());
            }
            db.commit();
          } finally {
            lock.releaseLock();
          }
          return null;
        });
  }

  /**
   * Rolls back a number of change sets.
   *
   * @param targets the targets
   * @param count how many
   * @return the rolled back change sets
   */
  public List<ChangeSetRef> rollbackCount(List<Target> targets, int count) {
    checkResources(targets);
    return locked(
        () -> {
          List<RanChangeSet> ours = new ArrayList<>();
          for (Target t : targets) {
            online(
                t,
                lb -> {
                  DatabaseChangeLog log = lb.getDatabaseChangeLog();
                  for (RanChangeSet r : ranChangeSets(lb.getDatabase())) {
                    if (log.getChangeSet(r) != null) {
                      ours.add(r);
                    }
                  }
                  return null;
                });
          }
          if (count > ours.size()) {
            throw new IllegalArgumentException(
                "cannot roll back "
                    + count
                    + " change sets: only "
                    + ours.size()
                    + " are applied for the active schemas");
          }
          ours.sort(
              (a, b) -> {
                int c = a.getDateExecuted().compareTo(b.getDateExecuted());
                return c != 0 ? c : Integer.compare(order(a), order(b));
              });
          return rollback(targets, ours.subList(ours.size() - count, ours.size()));
        });
  }

  private static int order(RanChangeSet r) {
    return r.getOrderExecuted() == null ? 0 : r.getOrderExecuted();
  }

  /** Rolls back the given ran change sets (in execution order) newest first, one at a time. */
  private List<ChangeSetRef> rollback(List<Target> targets, List<RanChangeSet> toUndo)
      throws Exception {
    List<ChangeSetRef> undone = new ArrayList<>();
    for (int i = toUndo.size() - 1; i >= 0; i--) {
      RanChangeSet r = toUndo.get(i);
      boolean found = false;
      for (Target t : targets) {
        Boolean done =
            online(
                t,
                lb -> {
                  if (lb.getDatabaseChangeLog().getChangeSet(r) == null) {
                    return false;
                  }
                  lb.rollback(1, contexts(), labels());
                  return true;
                });
        if (done) {
          undone.add(new ChangeSetRef(t.name(), r.getId(), r.getAuthor(), r.getChangeLog()));
          found = true;
          break;
        }
      }
      if (!found) {
        // rollbackToTag checks beforehand; rollbackCount only passes change sets of the targets
        throw new IllegalStateException(
            "change set " + r.getId() + " of " + r.getChangeLog() + " is in no loaded changelog");
      }
    }
    return undone;
  }

  /**
   * Drops everything.
   *
   * @param targets the targets
   */
  public void dropAll(List<Target> targets) {
    checkResources(targets);
    locked(
        () -> {
          Set<String> schemas = new HashSet<>();
          for (Target t : targets) {
            schemas.add(t.options().databaseSchema());
          }
          for (String schema : schemas) {
            Target t = targets.get(0);
            online(
                t,
                lb -> {
                  Database db = lb.getDatabase();
                  String name = schema == null ? db.getDefaultSchemaName() : schema;
                  if (schema != null && !schemaExists(db, schema)) {
                    return null;
                  }
                  CatalogAndSchema cs =
                      db.supportsSchemas()
                          ? new CatalogAndSchema(db.getDefaultCatalogName(), name)
                          : new CatalogAndSchema(
                              schema == null ? db.getDefaultCatalogName() : schema, null);
                  lb.dropAll(cs);
                  return null;
                });
          }
          return null;
        });
  }

  /**
   * Releases the Liquibase lock.
   *
   * @param targets the targets
   */
  public void releaseLocks(List<Target> targets) {
    checkResources(targets);
    locked(
        () ->
            online(
                targets.get(0),
                lb -> {
                  lb.forceReleaseLocks();
                  return null;
                }));
  }

  // ---------------------------------------------------------------------------------------------
  // Plumbing

  @FunctionalInterface
  private interface Work<T> {
    T run() throws Exception;
  }

  @FunctionalInterface
  private interface LiquibaseWork<T> {
    T run(Liquibase liquibase) throws Exception;
  }

  private static <T> T locked(Work<T> work) {
    JVM_LOCK.lock();
    try {
      return work.run();
    } catch (MigrationException
        | IllegalArgumentException
        | IllegalStateException
        | UncheckedIOException e) {
      throw e;
    } catch (Exception e) {
      // Liquibase's checked and unchecked failures alike: one exception type with a clear message
      throw new MigrationException(describe(e), e);
    } finally {
      JVM_LOCK.unlock();
    }
  }

  /**
   * Retries a step that failed because another process created Liquibase's tables (or the database
   * schema) at the same moment; Liquibase's lock only protects what happens after the lock table
   * exists.
   */
  private <T> T withRetry(Target t, Work<T> work) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.run();
      } catch (Exception e) {
        if (attempt >= MAX_ATTEMPTS || !isCreationRace(e)) {
          throw e;
        }
        LOG.info(
            "schema {}: concurrent creation of the migration tables, retrying (attempt {}): {}",
            t.name(),
            attempt,
            e.toString());
        Thread.sleep(100L * attempt);
      }
    }
  }

  private static boolean isCreationRace(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (m.contains("databasechangelog")
          || m.contains("pg_type_typname_nsp_index")
          || m.contains("pg_namespace_nspname_index")
          || (c instanceof SQLException s && "42P06".equals(s.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private <T> T online(Target t, LiquibaseWork<T> work) throws Exception {
    Connection connection;
    try {
      connection = connections.open();
    } catch (SQLException e) {
      throw new MigrationException(
          "cannot connect to the database: " + e.getMessage() + " (check the URL and credentials)",
          e);
    }
    ConnectionState saved = ConnectionState.capture(connection);
    try {
      Database db =
          DatabaseFactory.getInstance()
              .findCorrectDatabaseImplementation(new ServerVersionConnection(connection));
      String schema = t.options().databaseSchema();
      if (schema != null) {
        String catalog = db.getDefaultCatalogName();
        String original = db.getDefaultSchemaName();
        db.setLiquibaseCatalogName(catalog);
        db.setLiquibaseSchemaName(original);
        if (db.supportsSchemas()) {
          db.setDefaultSchemaName(schema);
        } else {
          db.setDefaultCatalogName(schema);
        }
      }
      ScopedResourceAccessor accessor = accessor(t);
      return inScope(
          Map.of(),
          () -> {
            Liquibase lb = liquibase(t, accessor, db);
            return work.run(lb);
          });
    } finally {
      try {
        // Liquibase switches the session's schema (search_path) and autocommit; a pooled
        // connection must go back as it came, or the next user would work in the wrong schema.
        saved.restore(connection);
      } catch (SQLException e) {
        LOG.warn("could not restore the migration connection's session settings", e);
      }
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.debug("closing the migration connection failed", e);
      }
    }
  }

  /**
   * A JDBC connection that reports a MariaDB server's own version. Through the MySQL driver a
   * MariaDB server reports "5.5.5-10.11.x-MariaDB", major version 5, so Liquibase's MariaDB support
   * would think it has no sequences (they came in 10.3) and record a {@code createSequence} change
   * set as executed without creating the sequence.
   */
  private static final class ServerVersionConnection extends JdbcConnection {
    private static final Pattern MARIADB_BEHIND_MYSQL =
        Pattern.compile("^5\\.5\\.5-(\\d+)\\.(\\d+)[.-].*mariadb.*", Pattern.CASE_INSENSITIVE);

    ServerVersionConnection(Connection connection) {
      super(connection);
    }

    private Matcher mariaDb() throws liquibase.exception.DatabaseException {
      Matcher m = MARIADB_BEHIND_MYSQL.matcher(String.valueOf(getDatabaseProductVersion()));
      return m.matches() ? m : null;
    }

    @Override
    public int getDatabaseMajorVersion() throws liquibase.exception.DatabaseException {
      Matcher m = mariaDb();
      return m != null ? Integer.parseInt(m.group(1)) : super.getDatabaseMajorVersion();
    }

    @Override
    public int getDatabaseMinorVersion() throws liquibase.exception.DatabaseException {
      Matcher m = mariaDb();
      return m != null ? Integer.parseInt(m.group(2)) : super.getDatabaseMinorVersion();
    }
  }

  /** The session settings Liquibase may change on a borrowed connection. */
  private record ConnectionState(
      boolean autoCommit, String catalog, String schema, String searchPath) {

    static ConnectionState capture(Connection c) throws SQLException {
      String searchPath = null;
      if (c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT current_setting('search_path')")) {
          searchPath = rs.next() ? rs.getString(1) : null;
        }
      }
      return new ConnectionState(c.getAutoCommit(), c.getCatalog(), c.getSchema(), searchPath);
    }

    void restore(Connection c) throws SQLException {
      if (c.isClosed()) {
        return;
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      if (searchPath != null) {
        try (java.sql.PreparedStatement p =
            c.prepareStatement("SELECT set_config('search_path', ?, false)")) {
          p.setString(1, searchPath);
          p.execute();
        }
      } else {
        if (catalog != null && !catalog.equals(c.getCatalog())) {
          c.setCatalog(catalog);
        }
        if (schema != null && !schema.equals(c.getSchema())) {
          c.setSchema(schema);
        }
      }
      if (c.getAutoCommit() != autoCommit) {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  private static ScopedResourceAccessor accessor(Target t) {
    // A plugin's changelogs resolve inside its own jar first, so another jar on the same class
    // loader that carries the same path does not make the path ambiguous.
    return new ScopedResourceAccessor(
        t.root(),
        new OwnSourceFirstResourceAccessor(
            t.schema().getClass(), new ClassLoaderResourceAccessor(t.classLoader())));
  }

  private static Liquibase liquibase(Target t, ScopedResourceAccessor accessor, Database db) {
    Liquibase lb = new Liquibase(t.root() + t.resource(), accessor, db);
    lb.setChangeLogParameter("tablePrefix", t.options().prefix());
    String schemaName = t.options().databaseSchema();
    if (schemaName == null) {
      schemaName = db.getDefaultSchemaName() == null ? "" : db.getDefaultSchemaName();
    }
    lb.setChangeLogParameter("schemaName", schemaName);
    lb.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
    lb.setShowSummary(UpdateSummaryEnum.OFF);
    return lb;
  }

  /** Liquibase's messages go to SLF4J, its INFO at DEBUG; see docs/logging.md. */
  private static final Slf4jLogService LIQUIBASE_LOGS = new Slf4jLogService();

  private static <T> T inScope(Map<String, Object> extra, Work<T> work) throws Exception {
    Map<String, Object> scope = new HashMap<>(extra);
    scope.put(Scope.Attr.ui.name(), new LoggerUIService());
    scope.put(Scope.Attr.logService.name(), LIQUIBASE_LOGS);
    scope.put(AnalyticsArgs.ENABLED.getKey(), false);
    scope.put(GlobalConfiguration.CHANGELOGLOCK_POLL_RATE.getKey(), 1L);
    return Scope.child(scope, work::run);
  }

  private static List<RanChangeSet> ranChangeSets(Database db) throws Exception {
    ChangeLogHistoryService history =
        Scope.getCurrentScope()
            .getSingleton(ChangeLogHistoryServiceFactory.class)
            .getChangeLogService(db);
    history.reset();
    return new ArrayList<>(history.getRanChangeSets());
  }

  private void createSchemaIfMissing(String schema) throws SQLException {
    try (Connection c = connections.open()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      boolean catalogs = product.contains("mysql") || product.contains("mariadb");
      if (catalogs ? catalogExists(c, schema) : jdbcSchemaExists(c, schema)) {
        return;
      }
      if (product.contains("oracle")) {
        throw new MigrationException(
            "database schema '"
                + schema
                + "' does not exist; on Oracle a schema is a user: create the user first");
      }
      try (Statement s = c.createStatement()) {
        s.execute(
            catalogs
                ? "CREATE DATABASE " + schema + defaultDatabaseCharset(c)
                : "CREATE SCHEMA " + schema);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      LOG.info("created database schema {}", schema);
    }
  }

  /**
   * The character set and collation clause of the connection's default database on MySQL/MariaDB,
   * so that a database the migration creates compares strings like the one it joins with (the
   * server default may differ, and a join across collations fails with "Illegal mix of
   * collations").
   */
  private static String defaultDatabaseCharset(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@character_set_database, @@collation_database")) {
      if (rs.next() && rs.getString(1) != null && rs.getString(2) != null) {
        return " CHARACTER SET " + rs.getString(1) + " COLLATE " + rs.getString(2);
      }
    }
    return "";
  }

  private static boolean jdbcSchemaExists(Connection c, String schema) throws SQLException {
    try (ResultSet rs = c.getMetaData().getSchemas()) {
      while (rs.next()) {
        if (schema.equalsIgnoreCase(rs.getString(1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean catalogExists(Connection c, String catalog) throws SQLException {
    try (ResultSet rs = c.getMetaData().getCatalogs()) {
      while (rs.next()) {
        if (catalog.equalsIgnoreCase(rs.getString(1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean schemaExists(Database db, String schema) throws Exception {
    Connection c = ((JdbcConnection) db.getConnection()).getUnderlyingConnection();
    return db.supportsSchemas() ? jdbcSchemaExists(c, schema) : catalogExists(c, schema);
  }

  private static void checkResources(List<Target> targets) {
    for (Target t : targets) {
      if (t.classLoader().getResource(t.resource()) == null) {
        throw new MissingMigrationException(t.name(), t.schema().version(), t.resource());
      }
    }
  }

  private static void checkPaths(Target t, DatabaseChangeLog log) {
    if (t.root().isEmpty()) {
      return;
    }
    for (ChangeSet cs : log.getChangeSets()) {
      if (!cs.getFilePath().startsWith(t.root())) {
        throw new MigrationException(
            "schema "
                + t.name()
                + ": change set "
                + cs.getId()
                + " in "
                + cs.getFilePath()
                + " was included by an absolute path, so it would be recorded the same for every"
                + " table prefix; include it with relativeToChangelogFile=\"true\"");
      }
    }
  }

  private static ChangeSetRef ref(Target t, ChangeSet cs) {
    return new ChangeSetRef(t.name(), cs.getId(), cs.getAuthor(), cs.getFilePath());
  }

  /** Removes the lines of Liquibase's header that change from run to run. */
  static String normalize(String sql) {
    StringBuilder b = new StringBuilder(sql.length());
    for (String line : sql.split("\r?\n", -1)) {
      if (VOLATILE_HEADER.matcher(line).lookingAt()) {
        continue;
      }
      b.append(line).append('\n');
    }
    // split(-1) yields a trailing empty element for a final newline; keep exactly one.
    while (b.length() > 1 && b.charAt(b.length() - 1) == '\n' && b.charAt(b.length() - 2) == '\n') {
      b.setLength(b.length() - 1);
    }
    return b.toString();
  }

  private static void write(Writer out, String s) {
    try {
      out.write(s);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing the SQL script failed: " + e.getMessage(), e);
    }
  }

  private static final Pattern FAILED_CHANGE_SET =
      Pattern.compile("Migration failed for changeset (.+?)::(.+?)::([^:]*?):", Pattern.DOTALL);

  /**
   * One line: which change set failed (id, author, file) and the database's message, or the
   * failure's message and its root cause; line breaks in driver messages become spaces.
   */
  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String rootMessage = root.getMessage() == null ? root.toString() : root.getMessage();
    for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof MigrationFailedException && c.getMessage() != null) {
        Matcher m = FAILED_CHANGE_SET.matcher(c.getMessage());
        if (m.find()) {
          return oneLine(
              "migration failed: change set "
                  + m.group(2)
                  + " ("
                  + m.group(3)
                  + ") in "
                  + m.group(1)
                  + ": "
                  + rootMessage);
        }
      }
    }
    String top = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root != e && root.getMessage() != null && !top.contains(root.getMessage())) {
      return oneLine("migration failed: " + top + " (cause: " + root.getMessage() + ")");
    }
    return oneLine("migration failed: " + top);
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
