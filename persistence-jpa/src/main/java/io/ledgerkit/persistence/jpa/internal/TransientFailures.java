package io.ledgerkit.persistence.jpa.internal;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;

/** Recognizes failures worth retrying: deadlocks and serialization failures. */
public final class TransientFailures {

  private TransientFailures() {}

  /**
   * Whether a failure (or one of its causes) is a deadlock or a serialization failure.
   *
   * @param t the failure
   * @return {@code true} when retrying the whole transaction may succeed
   */
  public static boolean isTransient(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof SQLTransactionRollbackException) {
        return true;
      }
      if (c instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ("40001".equals(state) || "40P01".equals(state)) {
          return true; // serialization failure / deadlock (PostgreSQL, MySQL, H2, SQL Server)
        }
        int code = sql.getErrorCode();
        if (code == 1213 || code == 1205) {
          return true; // MySQL/MariaDB deadlock, lock wait timeout
        }
        if (code == 60 || code == 8177) {
          return true; // Oracle deadlock, cannot serialize
        }
        if (code == 1205 && state != null && state.startsWith("40")) {
          return true; // SQL Server deadlock victim
        }
      }
      if (c.getClass().getName().equals("org.hibernate.exception.LockAcquisitionException")) {
        return true;
      }
    }
    return false;
  }
}
