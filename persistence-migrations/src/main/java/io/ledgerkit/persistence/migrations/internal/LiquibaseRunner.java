package io.ledgerkit.persistence.migrations.internal;

import io.ledgerkit.persistence.migrations.ChangeSetRef;
import io.ledgerkit.persistence.migrations.RollbackResult;
import io.ledgerkit.persistence.migrations.SchemaStatus;
import io.ledgerkit.persistence.migrations.SqlDialect;
import java.io.Writer;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Liquibase for each target schema, serialized inside the JVM. Each operation checks that the
 * targets' changelogs exist, takes the {@link MigrationLock} and hands over to the part that does
 * it: {@link SchemaChangelogs} (migrate, status, drop), {@link SqlScript} (delta and offline SQL),
 * {@link Rollback} (tag, rollback); {@link LiquibaseSession} opens Liquibase on a target and {@link
 * TargetDatabase} knows the database behind it.
 */
public final class LiquibaseRunner {

  /**
   * The one log category of the migration runs (see docs/logging.md), whichever part of the runner
   * logs.
   */
  static final Logger LOG = LoggerFactory.getLogger(LiquibaseRunner.class);

  private final LiquibaseSession session;
  private final SchemaChangelogs changelogs;
  private final SqlScript scripts;
  private final Rollback rollbacks;

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
    this.session = new LiquibaseSession(connections, contexts, labels);
    this.changelogs = new SchemaChangelogs(session, listener);
    this.scripts = new SqlScript(session);
    this.rollbacks = new Rollback(session);
  }

  /**
   * Applies pending change sets.
   *
   * @param targets the targets
   * @return the applied change sets
   */
  public List<ChangeSetRef> migrate(List<Target> targets) {
    SchemaChangelogs.checkResources(targets);
    return MigrationLock.locked(() -> changelogs.migrate(targets));
  }

  /**
   * Reports status without writing.
   *
   * @param targets the targets
   * @return the statuses
   */
  public List<SchemaStatus> status(List<Target> targets) {
    SchemaChangelogs.checkResources(targets);
    return MigrationLock.locked(() -> changelogs.status(targets));
  }

  /**
   * Writes the delta SQL of a live database.
   *
   * @param targets the targets
   * @param out the output
   */
  public void deltaSql(List<Target> targets, Writer out) {
    SchemaChangelogs.checkResources(targets);
    MigrationLock.locked(
        () -> {
          scripts.deltaSql(targets, out);
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
  public void offlineSql(List<Target> targets, SqlDialect dialect, Writer out) {
    SchemaChangelogs.checkResources(targets);
    MigrationLock.locked(
        () -> {
          scripts.offlineSql(targets, dialect, out);
          return null;
        });
  }

  /**
   * Tags the database.
   *
   * @param targets the targets
   * @param tag the tag
   */
  public void tag(List<Target> targets, String tag) {
    SchemaChangelogs.checkResources(targets);
    Target t = targets.get(0);
    MigrationLock.locked(
        () -> {
          rollbacks.tag(t, tag);
          return null;
        });
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
    SchemaChangelogs.checkResources(targets);
    return MigrationLock.locked(() -> rollbacks.toTag(targets, tag, forgetUnknown));
  }

  /**
   * Rolls back a number of change sets.
   *
   * @param targets the targets
   * @param count how many
   * @return the rolled back change sets
   */
  public List<ChangeSetRef> rollbackCount(List<Target> targets, int count) {
    SchemaChangelogs.checkResources(targets);
    return MigrationLock.locked(() -> rollbacks.count(targets, count));
  }

  /**
   * Drops everything.
   *
   * @param targets the targets
   */
  public void dropAll(List<Target> targets) {
    SchemaChangelogs.checkResources(targets);
    MigrationLock.locked(
        () -> {
          changelogs.dropAll(targets);
          return null;
        });
  }

  /**
   * Releases the Liquibase lock.
   *
   * @param targets the targets
   */
  public void releaseLocks(List<Target> targets) {
    SchemaChangelogs.checkResources(targets);
    MigrationLock.locked(
        () -> {
          MigrationLock.forceRelease(session, targets.get(0));
          return null;
        });
  }
}
