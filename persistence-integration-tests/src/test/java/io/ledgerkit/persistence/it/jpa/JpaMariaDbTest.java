package io.ledgerkit.persistence.it.jpa;

import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JPA cross-database suite on TestDatabaseExtension.mysql(). */
class JpaMariaDbTest extends AbstractJpaCrossDatabaseTest {
  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.mysql();
}
