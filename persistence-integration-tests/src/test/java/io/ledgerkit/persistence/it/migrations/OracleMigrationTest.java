package io.ledgerkit.persistence.it.migrations;

import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The migration contract on {@code TestDatabaseExtension.oracle()} (skipped when it does not
 * resolve).
 */
class OracleMigrationTest extends MigrationContract {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.oracle();

  @Override
  protected TestDatabase db() {
    return DB.database();
  }
}
