package io.ledgerkit.persistence.it.migrations;

import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The migration contract on {@code TestDatabaseExtension.h2()} (skipped when it does not resolve).
 */
class H2MigrationTest extends MigrationContract {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.h2();

  @Override
  protected TestDatabase db() {
    return DB.database();
  }
}
