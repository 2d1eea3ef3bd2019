package io.ledgerkit.persistence.it.jpa;

import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JPA cross-database suite on TestDatabaseExtension.postgres(). */
class JpaPostgresTest extends AbstractJpaCrossDatabaseTest {
  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();
}
