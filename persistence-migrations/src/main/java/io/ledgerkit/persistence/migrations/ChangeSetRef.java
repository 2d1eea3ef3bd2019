package io.ledgerkit.persistence.migrations;

/**
 * One Liquibase change set of a schema's changelog.
 *
 * @param schema the name of the mapped schema whose changelog holds it
 * @param id the change set id
 * @param author the change set author
 * @param file the change set's file path as recorded in {@code DATABASECHANGELOG.FILENAME}
 */
public record ChangeSetRef(String schema, String id, String author, String file) {

  @Override
  public String toString() {
    return id + " (" + author + ") in " + file;
  }
}
