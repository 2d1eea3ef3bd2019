package io.ledgerkit.persistence.migrations.internal;

import io.ledgerkit.persistence.migrations.ChangeSetRef;
import io.ledgerkit.persistence.migrations.MigrationException;
import io.ledgerkit.persistence.migrations.MissingMigrationException;
import io.ledgerkit.persistence.migrations.SchemaStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import liquibase.CatalogAndSchema;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.changelog.visitor.AbstractChangeExecListener;
import liquibase.database.Database;

/**
 * The changelog set of the active schemas, one changelog per target: checks that each exists and
 * records its change sets under the target's root, applies what is pending, reports status and
 * drops what the targets' database schemas hold. Callers hold the {@link MigrationLock}.
 */
final class SchemaChangelogs {

  private final LiquibaseSession session;
  private final Consumer<ChangeSetRef> listener;

  SchemaChangelogs(LiquibaseSession session, Consumer<ChangeSetRef> listener) {
    this.session = session;
    this.listener = listener;
  }

  List<ChangeSetRef> migrate(List<Target> targets) throws Exception {
    List<ChangeSetRef> applied = new ArrayList<>();
    for (Target t : targets) {
      if (t.options().databaseSchema() != null) {
        MigrationLock.withRetry(
            t,
            () -> {
              TargetDatabase.createSchemaIfMissing(
                  session.connections(), t.options().databaseSchema());
              return null;
            });
      }
      List<ChangeSetRef> ofTarget = new ArrayList<>();
      MigrationLock.withRetry(
          t,
          () -> {
            ofTarget.clear();
            session.online(
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
                            LiquibaseRunner.LOG.debug("applied change set {}", ref);
                            listener.accept(ref);
                          }
                        }
                      });
                  lb.update(session.contexts(), session.labels());
                  return null;
                });
            return null;
          });
      applied.addAll(ofTarget);
      if (!ofTarget.isEmpty()) {
        LiquibaseRunner.LOG.info(
            "migrated schema {}: {} change set(s) applied",
            t.schema().schemaFamily().getSimpleName(),
            ofTarget.size());
      }
    }
    return applied;
  }

  List<SchemaStatus> status(List<Target> targets) throws Exception {
    List<SchemaStatus> out = new ArrayList<>();
    for (Target t : targets) {
      out.add(
          session.online(
              t,
              lb -> {
                DatabaseChangeLog log = lb.getDatabaseChangeLog();
                checkPaths(t, log);
                List<ChangeSetRef> pending = new ArrayList<>();
                for (ChangeSet cs :
                    lb.listUnrunChangeSets(session.contexts(), session.labels(), false)) {
                  pending.add(ref(t, cs));
                }
                List<RanChangeSet> ran = LiquibaseSession.ranChangeSets(lb.getDatabase());
                List<ChangeSetRef> applied = new ArrayList<>();
                String lastTag = null;
                for (RanChangeSet r : ran) {
                  if (r.getTag() != null) {
                    lastTag = r.getTag();
                  }
                  if (log.getChangeSet(r) != null) {
                    applied.add(
                        new ChangeSetRef(t.name(), r.getId(), r.getAuthor(), r.getChangeLog()));
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
  }

  void dropAll(List<Target> targets) throws Exception {
    Set<String> schemas = new HashSet<>();
    for (Target t : targets) {
      schemas.add(t.options().databaseSchema());
    }
    for (String schema : schemas) {
      Target t = targets.get(0);
      session.online(
          t,
          lb -> {
            Database db = lb.getDatabase();
            String name = schema == null ? db.getDefaultSchemaName() : schema;
            if (schema != null && !TargetDatabase.schemaExists(db, schema)) {
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
  }

  /** Refuses a target whose master changelog is not on its class path. */
  static void checkResources(List<Target> targets) {
    for (Target t : targets) {
      if (t.classLoader().getResource(t.resource()) == null) {
        throw new MissingMigrationException(t.name(), t.schema().version(), t.resource());
      }
    }
  }

  /** Refuses change sets that would be recorded outside the target's root. */
  static void checkPaths(Target t, DatabaseChangeLog log) {
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

  static ChangeSetRef ref(Target t, ChangeSet cs) {
    return new ChangeSetRef(t.name(), cs.getId(), cs.getAuthor(), cs.getFilePath());
  }
}
