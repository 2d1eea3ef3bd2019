package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The plain JDBC baseline of {@code ledgerkit bench vault}: the same three rows per state into the
 * same tables, in JDBC batches of the ORM's batch size (100) and one transaction per {@code
 * --batch} states, on one connection.
 */
final class JdbcBaseline implements AutoCloseable {
  private static final int JDBC_BATCH = 100;
  private final Connection c;
  private final PreparedStatement vault;
  private final PreparedStatement cash;
  private final PreparedStatement exposure;
  private final Party owner;
  private final Party issuer;

  JdbcBaseline(PersistenceDatabase db, Party owner, Party issuer) throws java.sql.SQLException {
    this.owner = owner;
    this.issuer = issuer;
    this.c = db.dataSource().getConnection();
    c.setAutoCommit(false);
    vault =
        c.prepareStatement(
            "insert into "
                + BenchVaultSchema.PREFIX
                + "vault_states (transaction_id, output_index, state_class, state_status,"
                + " recorded_at, consumed_at) values (?, ?, ?, ?, ?, ?)");
    cash =
        c.prepareStatement(
            "insert into "
                + BenchVaultSchema.PREFIX
                + "bench_cash (transaction_id, output_index, owner_name, amount, currency)"
                + " values (?, ?, ?, ?, ?)");
    exposure =
        c.prepareStatement(
            "insert into "
                + BenchVaultSchema.PREFIX
                + "bench_exposure (transaction_id, output_index, party_name, kind, amount)"
                + " values (?, ?, ?, ?, ?)");
  }

  /** One transaction of states {@code from} to {@code to}; nanoseconds. */
  long insert(int from, int to) throws java.sql.SQLException {
    long start = System.nanoTime();
    Timestamp now = Timestamp.from(Instant.now());
    for (int i = from; i < to; i++) {
      String tx = UUID.randomUUID().toString();
      vault.setString(1, tx);
      vault.setInt(2, 0);
      vault.setString(3, BenchVaultSchema.BenchState.class.getName());
      vault.setString(4, "UNCONSUMED");
      vault.setTimestamp(5, now);
      vault.setNull(6, java.sql.Types.TIMESTAMP);
      vault.addBatch();
      cash.setString(1, tx);
      cash.setInt(2, 0);
      cash.setString(3, owner.name());
      cash.setLong(4, i);
      cash.setString(5, "EUR");
      cash.addBatch();
      exposure.setString(1, tx);
      exposure.setInt(2, 0);
      exposure.setString(3, issuer.name());
      exposure.setString(4, "CASH");
      exposure.setLong(5, i);
      exposure.addBatch();
      if ((i - from + 1) % JDBC_BATCH == 0) {
        vault.executeBatch();
        cash.executeBatch();
        exposure.executeBatch();
      }
    }
    vault.executeBatch();
    cash.executeBatch();
    exposure.executeBatch();
    c.commit();
    return System.nanoTime() - start;
  }

  @Override
  public void close() throws java.sql.SQLException {
    try (c;
        vault;
        cash;
        exposure) {
      c.rollback();
    }
  }
}
