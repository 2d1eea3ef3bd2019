package io.ledgerkit.persistence.migrations;

import java.util.List;

/**
 * A rollback to a tag was refused because change sets applied after the tag are in none of the
 * loaded changelogs (a newer release of a schema applied them, or they belong to a schema that is
 * not active), so Liquibase cannot roll them back. Nothing was rolled back. The message lists them
 * and says how to proceed: run with the changelogs that know them, or forget them with {@link
 * SchemaMigration.Builder#forgetUnknownChangeSets(boolean)} ({@code ledgerkit rollback
 * --forget-unknown}).
 *
 * <p>A {@link MigrationException}. Not retryable with the same changelogs.
 */
public final class UnknownChangeSetsException extends MigrationException {

  private static final long serialVersionUID = 1L;

  /** The tag the refused rollback was to reach. */
  private final String tag;

  private final transient List<ChangeSetRef> unknown;

  /**
   * Creates the exception.
   *
   * @param tag the tag rolled back to
   * @param unknown the applied change sets no loaded changelog knows, in order of application;
   *     their {@link ChangeSetRef#schema()} is {@code null}
   */
  public UnknownChangeSetsException(String tag, List<ChangeSetRef> unknown) {
    super(message(tag, unknown));
    this.tag = tag;
    this.unknown = List.copyOf(unknown);
  }

  /**
   * The tag rolled back to.
   *
   * @return the tag
   */
  public String tag() {
    return tag;
  }

  /**
   * The applied change sets no loaded changelog knows, in order of application.
   *
   * @return the change sets
   */
  public List<ChangeSetRef> unknown() {
    return unknown;
  }

  private static String message(String tag, List<ChangeSetRef> unknown) {
    StringBuilder b =
        new StringBuilder("rollback to tag '")
            .append(tag)
            .append("' refused, nothing was rolled back: ")
            .append(unknown.size())
            .append(" change set(s) applied after the tag are in none of the loaded changelogs,")
            .append(" so they cannot be rolled back:");
    for (ChangeSetRef c : unknown) {
      b.append("\n    - ").append(c.id()).append(" (").append(c.file()).append(')');
    }
    b.append(
        "\na newer release of a schema applied them, or they belong to a schema that is not"
            + " active. Run the rollback with the changelogs that know them (the newer release's"
            + " plugin jars, or without --schema), or, to remove them from DATABASECHANGELOG"
            + " without running anything (what they created stays in the database), pass"
            + " --forget-unknown (SchemaMigration.Builder.forgetUnknownChangeSets(true))");
    return b.toString();
  }
}
