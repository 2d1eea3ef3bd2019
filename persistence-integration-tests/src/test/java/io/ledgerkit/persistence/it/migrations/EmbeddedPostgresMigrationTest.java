package io.ledgerkit.persistence.it.migrations;

import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The migration contract on {@code TestDatabaseExtension.embeddedPostgres()} (skipped when it does
 * not resolve).
 */
class EmbeddedPostgresMigrationTest extends MigrationContract {

  @RegisterExtension
  static final TestDatabaseExtension DB = TestDatabaseExtension.embeddedPostgres();

  @Override
  protected TestDatabase db() {
    return DB.database();
  }
}
