package io.ledgerkit.persistence.migrations;

import io.ledgerkit.persistence.schema.SchemaOptions;
import java.util.List;

/**
 * The migration state of one active schema.
 *
 * @param schema the schema family's name
 * @param version the schema version
 * @param changelog the master changelog resource
 * @param options the schema's options (database schema, table prefix)
 * @param applied the change sets of the changelog already applied, in execution order
 * @param pending the change sets not yet applied, in changelog order
 * @param lastTag the most recent tag of the database's migration history (tags are database-wide),
 *     or {@code null} when none
 */
public record SchemaStatus(
    String schema,
    int version,
    String changelog,
    SchemaOptions options,
    List<ChangeSetRef> applied,
    List<ChangeSetRef> pending,
    String lastTag) {

  /**
   * Copies the lists.
   *
   * @param schema the schema family's name
   * @param version the schema version
   * @param changelog the master changelog resource
   * @param options the schema's options (database schema, table prefix)
   * @param applied the change sets of the changelog already applied, in execution order
   * @param pending the change sets not yet applied, in changelog order
   * @param lastTag the most recent tag of the database's migration history (tags are
   *     database-wide), or {@code null} when none
   */
  public SchemaStatus {
    applied = List.copyOf(applied);
    pending = List.copyOf(pending);
  }

  /**
   * Tells whether nothing is pending.
   *
   * @return {@code true} when every change set is applied
   */
  public boolean upToDate() {
    return pending.isEmpty();
  }
}
