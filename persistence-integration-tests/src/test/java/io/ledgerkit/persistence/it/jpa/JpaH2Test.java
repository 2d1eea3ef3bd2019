package io.ledgerkit.persistence.it.jpa;

import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JPA cross-database suite on TestDatabaseExtension.h2(). */
class JpaH2Test extends AbstractJpaCrossDatabaseTest {
  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.h2();
}
