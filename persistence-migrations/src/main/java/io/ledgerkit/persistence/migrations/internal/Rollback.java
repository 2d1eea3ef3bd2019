package io.ledgerkit.persistence.migrations.internal;

import io.ledgerkit.persistence.migrations.ChangeSetRef;
import io.ledgerkit.persistence.migrations.MigrationException;
import io.ledgerkit.persistence.migrations.RollbackResult;
import io.ledgerkit.persistence.migrations.UnknownChangeSetsException;
import java.util.ArrayList;
import java.util.List;
import liquibase.changelog.ChangeLogHistoryService;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.changelog.RanChangeSet;
import liquibase.database.Database;
import liquibase.lockservice.LockService;
import liquibase.lockservice.LockServiceFactory;

/**
 * Tags and rollbacks across the changelog set: one history table is shared by every target, so a
 * change set is undone by the target whose changelog holds it, newest first, and change sets no
 * changelog knows are refused or, when asked, forgotten. Callers hold the {@link MigrationLock}.
 */
final class Rollback {

  private final LiquibaseSession session;

  Rollback(LiquibaseSession session) {
    this.session = session;
  }

  void tag(Target t, String tag) throws Exception {
    session.online(
        t,
        lb -> {
          if (lb.tagExists(tag)) {
            throw new IllegalArgumentException(
                "tag '" + tag + "' already exists; choose another name");
          }
          if (LiquibaseSession.ranChangeSets(lb.getDatabase()).isEmpty()) {
            throw new MigrationException(
                "nothing to tag: no change set has been applied yet; migrate first");
          }
          lb.tag(tag);
          return null;
        });
  }

  RollbackResult toTag(List<Target> targets, String tag, boolean forgetUnknown) throws Exception {
    List<RanChangeSet> ran =
        session.online(
            targets.get(0),
            lb -> {
              if (!lb.tagExists(tag)) {
                throw new IllegalArgumentException(
                    "tag '" + tag + "' does not exist; see 'ledgerkit status' for the last tag");
              }
              return LiquibaseSession.ranChangeSets(lb.getDatabase());
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
      session.online(
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
  }

  /** Removes change sets from the history, newest first, under Liquibase's lock; runs nothing. */
  private void forget(Target t, List<RanChangeSet> unknown) throws Exception {
    session.online(
        t,
        lb -> {
          Database db = lb.getDatabase();
          LockService lock = LockServiceFactory.getInstance().getLockService(db);
          lock.waitForLock();
          try {
            ChangeLogHistoryService history = LiquibaseSession.history(db);
            for (int i = unknown.size() - 1; i >= 0; i--) {
              RanChangeSet r = unknown.get(i);
              history.removeFromHistory(
                  new ChangeSet(
                      r.getId(), r.getAuthor(), false, false, r.getChangeLog(), null, null, null));
              LiquibaseRunner.LOG.warn(
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

  List<ChangeSetRef> count(List<Target> targets, int count) throws Exception {
    List<RanChangeSet> ours = new ArrayList<>();
    for (Target t : targets) {
      session.online(
          t,
          lb -> {
            DatabaseChangeLog log = lb.getDatabaseChangeLog();
            for (RanChangeSet r : LiquibaseSession.ranChangeSets(lb.getDatabase())) {
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
            session.online(
                t,
                lb -> {
                  if (lb.getDatabaseChangeLog().getChangeSet(r) == null) {
                    return false;
                  }
                  lb.rollback(1, session.contexts(), session.labels());
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
}
