package io.ledgerkit.persistence.balance.postgres;

import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import io.ledgerkit.persistence.testkit.balance.BalanceTrackerContract;
import io.ledgerkit.persistence.testkit.internal.EmbeddedTwin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The balance tracker contract on the PostgreSQL server from LEDGERKIT_TEST_POSTGRES_URL (the
 * embedded one has its own variant), single operations and through AutoBatchingBalanceTracker
 * (group commit: the nested auto-batched run).
 */
@ExtendWith(EmbeddedTwin.Postgres.class)
class PostgresBalanceTrackerEnvContractTest extends BalanceTrackerContract {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  private static PostgresContractSupport shared;

  @AfterAll
  static void dropSharedSchema() {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }

  @Override
  protected BalanceTracker createTracker() {
    if (shared == null) {
      shared = PostgresContractSupport.create(DB.database());
    }
    return shared.tracker();
  }

  @Override
  protected int concurrentOperationsPerThread() {
    return PostgresContractSupport.CONCURRENT_OPERATIONS_PER_THREAD;
  }

  /** The nested auto-batched run uses the PostgreSQL tracker's own batching settings. */
  @Override
  protected BalanceTracker autoBatched(BalanceTracker tracker) {
    return AutoBatchingBalanceTracker.configure(tracker)
        .settings(PostgresBalanceTracker.AUTO_BATCH_SETTINGS)
        .start();
  }
}
