package io.ledgerkit.persistence.migrations.internal;

import io.ledgerkit.persistence.migrations.MigrationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import liquibase.Contexts;
import liquibase.GlobalConfiguration;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.analytics.configuration.AnalyticsArgs;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.ChangeLogHistoryServiceFactory;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;

/**
 * A Liquibase session on one target: borrows a connection, gives Liquibase the target's database,
 * changelog and parameters inside a Liquibase scope of the library's own, and hands the connection
 * back as it came.
 */
final class LiquibaseSession {

  /** Work that may fail with Liquibase's checked exceptions. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws Exception;
  }

  /** Work on the Liquibase of one target. */
  @FunctionalInterface
  interface LiquibaseWork<T> {
    T run(Liquibase liquibase) throws Exception;
  }

  /** Liquibase's messages go to SLF4J, its INFO at DEBUG; see docs/logging.md. */
  private static final Slf4jLogService LIQUIBASE_LOGS = new Slf4jLogService();

  private final Connections connections;
  private final String contexts;
  private final String labels;

  LiquibaseSession(Connections connections, String contexts, String labels) {
    this.connections = connections;
    this.contexts = contexts;
    this.labels = labels;
  }

  Connections connections() {
    return connections;
  }

  Contexts contexts() {
    return new Contexts(contexts);
  }

  LabelExpression labels() {
    return new LabelExpression(labels);
  }

  /** Runs work on a target's Liquibase over a connection of its own. */
  <T> T online(Target t, LiquibaseWork<T> work) throws Exception {
    Connection connection;
    try {
      connection = connections.open();
    } catch (SQLException e) {
      throw new MigrationException(
          "cannot connect to the database: " + e.getMessage() + " (check the URL and credentials)",
          e);
    }
    TargetDatabase.ConnectionState saved = TargetDatabase.ConnectionState.capture(connection);
    try {
      Database db = TargetDatabase.of(connection, t);
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
        LiquibaseRunner.LOG.warn(
            "could not restore the migration connection's session settings", e);
      }
      try {
        connection.close();
      } catch (SQLException e) {
        LiquibaseRunner.LOG.debug("closing the migration connection failed", e);
      }
    }
  }

  static ScopedResourceAccessor accessor(Target t) {
    // A plugin's changelogs resolve inside its own jar first, so another jar on the same class
    // loader that carries the same path does not make the path ambiguous.
    return new ScopedResourceAccessor(
        t.root(),
        new OwnSourceFirstResourceAccessor(
            t.schema().getClass(), new ClassLoaderResourceAccessor(t.classLoader())));
  }

  static Liquibase liquibase(Target t, ScopedResourceAccessor accessor, Database db) {
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

  static <T> T inScope(Map<String, Object> extra, Work<T> work) throws Exception {
    Map<String, Object> scope = new HashMap<>(extra);
    scope.put(Scope.Attr.ui.name(), new LoggerUIService());
    scope.put(Scope.Attr.logService.name(), LIQUIBASE_LOGS);
    scope.put(AnalyticsArgs.ENABLED.getKey(), false);
    scope.put(GlobalConfiguration.CHANGELOGLOCK_POLL_RATE.getKey(), 1L);
    return Scope.child(scope, work::run);
  }

  /** The history table's rows, read afresh. */
  static List<RanChangeSet> ranChangeSets(Database db) throws Exception {
    ChangeLogHistoryService history = history(db);
    history.reset();
    return new ArrayList<>(history.getRanChangeSets());
  }

  /** Liquibase's history service of a database. */
  static ChangeLogHistoryService history(Database db) {
    return Scope.getCurrentScope()
        .getSingleton(ChangeLogHistoryServiceFactory.class)
        .getChangeLogService(db);
  }
}
