package io.ledgerkit.persistence.jpa;

import java.sql.Connection;

/** The isolation level of a transaction of {@link PersistenceDatabase#transaction}. */
public enum Isolation {
  /** {@link Connection#TRANSACTION_READ_UNCOMMITTED}. */
  READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
  /** {@link Connection#TRANSACTION_READ_COMMITTED}: the default. */
  READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
  /** {@link Connection#TRANSACTION_REPEATABLE_READ}. */
  REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
  /** {@link Connection#TRANSACTION_SERIALIZABLE}. */
  SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

  private final int jdbcLevel;

  Isolation(int jdbcLevel) {
    this.jdbcLevel = jdbcLevel;
  }

  /**
   * The JDBC constant of this level.
   *
   * @return the {@link Connection} isolation constant
   */
  public int jdbcLevel() {
    return jdbcLevel;
  }
}
