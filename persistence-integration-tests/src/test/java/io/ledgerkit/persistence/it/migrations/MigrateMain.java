package io.ledgerkit.persistence.it.migrations;

import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.migrations.fixtures.TestAttachmentsSchemaV1;
import io.ledgerkit.persistence.migrations.fixtures.TestNotesSchemaV1;

/**
 * Entry point of the separate JVMs of {@link TwoProcessMigrationTest}: migrates the fixture schemas
 * on the database given as {@code url user password} and prints how many change sets it applied.
 */
public final class MigrateMain {
  private MigrateMain() {}

  /**
   * Migrates.
   *
   * @param args JDBC URL, user, password (empty for none)
   */
  public static void main(String[] args) {
    java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    int applied =
        SchemaMigration.configure()
            .url(args[0], args[1], args.length > 2 ? args[2] : "")
            .schema(new TestAttachmentsSchemaV1())
            .schema(new TestNotesSchemaV1())
            .load()
            .migrate()
            .size();
    System.out.println("applied=" + applied);
  }
}
