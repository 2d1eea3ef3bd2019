package io.ledgerkit.persistence.migrations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database is behind the code: some change sets of the active schemas are not applied. The
 * message lists them per schema and says how to migrate.
 *
 * <p>A {@link MigrationException}. Not retryable until the database is migrated.
 */
public final class OutstandingMigrationsException extends MigrationException {

  private static final long serialVersionUID = 1L;

  private final transient List<ChangeSetRef> pending;

  /**
   * Creates the exception.
   *
   * @param pending the change sets not yet applied, not empty
   */
  public OutstandingMigrationsException(List<ChangeSetRef> pending) {
    super(message(pending));
    this.pending = List.copyOf(pending);
  }

  /**
   * The pending change sets, in run order.
   *
   * @return the change sets
   */
  public List<ChangeSetRef> pending() {
    return pending;
  }

  private static String message(List<ChangeSetRef> pending) {
    Map<String, StringBuilder> bySchema = new LinkedHashMap<>();
    for (ChangeSetRef c : pending) {
      bySchema
          .computeIfAbsent(c.schema(), k -> new StringBuilder())
          .append("\n    - ")
          .append(c.id())
          .append(" (")
          .append(c.file())
          .append(')');
    }
    StringBuilder b =
        new StringBuilder("the database is not up to date: ")
            .append(pending.size())
            .append(" change set(s) pending");
    bySchema.forEach(
        (schema, list) -> b.append("\n  schema ").append(schema).append(':').append(list));
    b.append(
        "\nmigrate it by starting with runMigration=true (database.runMigration=true),"
            + " or run 'ledgerkit migrate'; review the SQL first with 'ledgerkit generate-sql'");
    return b.toString();
  }
}
