package io.ledgerkit.persistence.it.jpa;

import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import io.ledgerkit.persistence.testkit.internal.EmbeddedTwin;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JPA cross-database suite on TestDatabaseExtension.postgres(). */
@ExtendWith(EmbeddedTwin.Postgres.class)
class JpaPostgresTest extends AbstractJpaCrossDatabaseTest {
  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();
}
