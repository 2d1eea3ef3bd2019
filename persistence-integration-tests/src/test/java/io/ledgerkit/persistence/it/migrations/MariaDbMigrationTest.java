package io.ledgerkit.persistence.it.migrations;

import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The migration contract on {@code TestDatabaseExtension.mysql()} (skipped when it does not
 * resolve).
 */
class MariaDbMigrationTest extends MigrationContract {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.mysql();

  @Override
  protected TestDatabase db() {
    return DB.database();
  }
}
