package io.ledgerkit.persistence.it.migrations;

import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import io.ledgerkit.persistence.testkit.internal.EmbeddedTwin;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The migration contract on {@code TestDatabaseExtension.postgres()} (skipped when it does not
 * resolve).
 */
@ExtendWith(EmbeddedTwin.Postgres.class)
class PostgresMigrationTest extends MigrationContract {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  @Override
  protected TestDatabase db() {
    return DB.database();
  }
}
