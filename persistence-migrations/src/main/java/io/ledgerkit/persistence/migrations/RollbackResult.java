package io.ledgerkit.persistence.migrations;

import java.util.List;

/**
 * What a rollback to a tag did.
 *
 * @param rolledBack the change sets rolled back (their rollback ran), most recent first
 * @param forgotten the change sets removed from {@code DATABASECHANGELOG} without running anything,
 *     because no loaded changelog knows them (only with {@link
 *     SchemaMigration.Builder#forgetUnknownChangeSets(boolean)}); their {@link
 *     ChangeSetRef#schema()} is {@code null}
 */
public record RollbackResult(List<ChangeSetRef> rolledBack, List<ChangeSetRef> forgotten) {

  /**
   * Creates the result.
   *
   * @param rolledBack the change sets rolled back
   * @param forgotten the change sets forgotten
   */
  public RollbackResult {
    rolledBack = List.copyOf(rolledBack);
    forgotten = List.copyOf(forgotten);
  }
}
