package io.ledgerkit.persistence.config;

import java.sql.Connection;

/** The isolation level of database transactions ({@code database.transactionIsolationLevel}). */
public enum TransactionIsolation {
  /** Dirty reads possible. */
  READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
  /** The default: only committed data is read. */
  READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
  /** Rows read once read the same again within the transaction. */
  REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
  /** Transactions behave as if run one after the other. */
  SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

  private final int jdbcLevel;

  TransactionIsolation(int jdbcLevel) {
    this.jdbcLevel = jdbcLevel;
  }

  /**
   * The JDBC constant of this level, for {@link Connection#setTransactionIsolation(int)}.
   *
   * @return the {@code Connection.TRANSACTION_*} value
   */
  public int jdbcLevel() {
    return jdbcLevel;
  }
}
