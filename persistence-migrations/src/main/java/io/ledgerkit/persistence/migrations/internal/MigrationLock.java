package io.ledgerkit.persistence.migrations.internal;

import io.ledgerkit.persistence.migrations.MigrationException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.exception.MigrationFailedException;

/**
 * Serializes the library's Liquibase runs inside the JVM, retries the creation races Liquibase's
 * own lock cannot cover, and turns what fails under the lock into one {@link MigrationException}
 * with a one-line message. Across processes Liquibase's {@code DATABASECHANGELOGLOCK} table
 * serializes runs on one database; {@link #forceRelease} clears it.
 */
final class MigrationLock {

  /**
   * Liquibase is not thread-safe (its Scope, factories and singletons are JVM-wide), so every run
   * in this JVM takes this lock. This is the module's one piece of static mutable state, and it has
   * to be static: two independent SchemaMigration instances (e.g. two nodes in one test JVM) must
   * not run Liquibase at the same time either. Across processes, Liquibase's DATABASECHANGELOGLOCK
   * table serializes runs on one database.
   */
  private static final ReentrantLock JVM_LOCK = new ReentrantLock();

  private static final int MAX_ATTEMPTS = 6;

  private static final Pattern FAILED_CHANGE_SET =
      Pattern.compile("Migration failed for changeset (.+?)::(.+?)::([^:]*?):", Pattern.DOTALL);

  private MigrationLock() {}

  /** Runs work under the JVM lock; Liquibase's failures leave as a {@link MigrationException}. */
  static <T> T locked(LiquibaseSession.Work<T> work) {
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
  static <T> T withRetry(Target t, LiquibaseSession.Work<T> work) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.run();
      } catch (Exception e) {
        if (attempt >= MAX_ATTEMPTS || !isCreationRace(e)) {
          throw e;
        }
        LiquibaseRunner.LOG.info(
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

  /** Releases Liquibase's lock table row, whoever holds it. */
  static void forceRelease(LiquibaseSession session, Target t) throws Exception {
    session.online(
        t,
        lb -> {
          lb.forceReleaseLocks();
          return null;
        });
  }

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
