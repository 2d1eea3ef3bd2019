package io.ledgerkit.persistence.balance.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database migrated before the exactly-once change sets (only the v1 tables, balances in them)
 * gains the operation and journal tables on its next migration, keeps its balances, and the journal
 * of an account that had a balance starts at 2, so it never passes for complete.
 */
class PostgresBalanceUpgradeTest {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  @Test
  void aV1DatabaseGainsTheExactlyOnceTablesAndKeepsItsBalances(TestDatabase db) throws Exception {
    AccountId old = AccountId.of("upgrade-old");
    AccountId empty = AccountId.of("upgrade-empty");
    PostgresBalanceTracker.configure()
        .url(db.jdbcUrl(), db.user(), db.password())
        .runMigration(true)
        .start()
        .close();
    // Back to the state of a database migrated by the previous release, with two accounts in it.
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP FUNCTION balance_apply_ops");
      s.execute("DROP FUNCTION balance_expire_holds");
      s.execute("DROP FUNCTION balance_incoming");
      s.execute("DROP FUNCTION balance_close_settlement");
      s.execute("DROP TABLE balance_operations");
      s.execute("DROP TABLE balance_journal");
      s.execute("ALTER TABLE balance_accounts DROP COLUMN journal_seq");
      s.execute("DELETE FROM databasechangelog WHERE id LIKE 'postgres-balance-v2-%'");
      s.execute(
          "INSERT INTO balance_accounts (account_id, clearing, prepaid) VALUES ('"
              + old.value()
              + "', -40, 25), ('"
              + empty.value()
              + "', 0, 0)");
    }
    try (PostgresBalanceTracker t =
        PostgresBalanceTracker.configure()
            .url(db.jdbcUrl(), db.user(), db.password())
            .runMigration(true)
            .start()) {
      assertThat(t.balance(old)).isEqualTo(new AccountBalance(old, -40, 25));
      t.prepare(PrepareRequest.of(old, 5).withId(OperationId.of("after-upgrade")));
      t.prepare(PrepareRequest.of(empty, 5).withId(OperationId.of("after-upgrade")));
      assertThat(t.journal(old, 1, 10)).extracting(JournalEntry::sequence).containsExactly(2L);
      assertThat(t.journal(empty, 1, 10)).extracting(JournalEntry::sequence).containsExactly(1L);
      assertThat(t.balance(old)).isEqualTo(new AccountBalance(old, -40, 20));
      assertThat(t.holds(old)).hasSize(1);
    }
  }
}
