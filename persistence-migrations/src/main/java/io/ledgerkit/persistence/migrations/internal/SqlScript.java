package io.ledgerkit.persistence.migrations.internal;

import io.ledgerkit.persistence.migrations.MigrationException;
import io.ledgerkit.persistence.migrations.SqlDialect;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.change.Change;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.OfflineChangeLogHistoryService;
import liquibase.changelog.filter.ChangeSetFilter;
import liquibase.changelog.filter.ContextChangeSetFilter;
import liquibase.changelog.filter.DbmsChangeSetFilter;
import liquibase.changelog.filter.LabelChangeSetFilter;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.OfflineConnection;
import liquibase.exception.DatabaseException;
import liquibase.exception.LiquibaseException;

/**
 * SQL generation instead of execution: the delta script of a live database, and the full offline
 * script of a dialect generated against an empty history with no database at all. Both leave out
 * the header lines that change from run to run, so a script is reproducible. Callers hold the
 * {@link MigrationLock}.
 */
final class SqlScript {

  /** Header lines of Liquibase's scripts that change from run to run (time, URL, version). */
  private static final Pattern VOLATILE_HEADER =
      Pattern.compile("--\\s*(Ran at|Against|Liquibase version):");

  private final LiquibaseSession session;

  SqlScript(LiquibaseSession session) {
    this.session = session;
  }

  void deltaSql(List<Target> targets, Writer out) throws Exception {
    for (Target t : targets) {
      StringWriter sql = new StringWriter();
      session.online(
          t,
          lb -> {
            SchemaChangelogs.checkPaths(t, lb.getDatabaseChangeLog());
            lb.update(session.contexts(), session.labels(), sql);
            return null;
          });
      write(out, normalize(sql.toString()));
    }
  }

  void offlineSql(List<Target> targets, SqlDialect dialect, Writer out) throws Exception {
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
                + (dialect == SqlDialect.MYSQL || dialect == SqlDialect.MARIADB
                    ? "&caseSensitive=true"
                    : "")
                + "&changeLogFile="
                + history.toAbsolutePath().toString().replace('\\', '/');
        first = false;
        ScopedResourceAccessor accessor = LiquibaseSession.accessor(t);
        NumberingOfflineConnection connection = new NumberingOfflineConnection(url, accessor);
        Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(connection);
        db.setOutputDefaultSchema(false);
        db.setOutputDefaultCatalog(false);
        if (t.options().databaseSchema() != null) {
          db.setDefaultSchemaName(t.options().databaseSchema());
          db.setOutputDefaultSchema(true);
        }
        LiquibaseSession.inScope(
            Map.of(Scope.Attr.deploymentId.name(), "0000000000"),
            () -> {
              Liquibase lb = LiquibaseSession.liquibase(t, accessor, db);
              try {
                SchemaChangelogs.checkPaths(t, lb.getDatabaseChangeLog());
                checkExpressible(lb, db, dialect);
                lb.update(session.contexts(), session.labels(), sql);
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
  }

  /**
   * Refuses, before anything is written, change sets that would run on the dialect but contain a
   * change the dialect cannot express (e.g. {@code createSequence} on MySQL): Liquibase would emit
   * no SQL for it and still record the change set as executed.
   */
  private void checkExpressible(Liquibase lb, Database db, SqlDialect dialect) throws Exception {
    List<String> refused = new ArrayList<>();
    // the offline history starts empty: every change set these filters accept runs
    List<ChangeSetFilter> filters =
        List.of(
            new ContextChangeSetFilter(session.contexts()),
            new LabelChangeSetFilter(session.labels()),
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
}
