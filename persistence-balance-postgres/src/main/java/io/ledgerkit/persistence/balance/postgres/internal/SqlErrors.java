package io.ledgerkit.persistence.balance.postgres.internal;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Classifies PostgreSQL errors for the tracker's retry and failure handling. Not a public API. */
public final class SqlErrors {

  private SqlErrors() {}

  /**
   * Tells whether the statement was rolled back by the server for a reason that a retry can cure:
   * serialization failure (40001, also raised by the tracker's own {@code balance_retry()}) or
   * deadlock (40P01).
   *
   * @param e the error
   * @return {@code true} when the statement can simply be run again
   */
  public static boolean isTransient(SQLException e) {
    String state = state(e);
    return "40001".equals(state) || "40P01".equals(state);
  }

  /**
   * Tells whether the connection to the server was lost or refused: SQLSTATE class 08, the
   * administrator and crash shutdowns 57P01/57P02/57P03, or the driver's and pool's connection
   * exceptions. The outcome of a statement that was in flight is then unknown.
   *
   * @param e the error
   * @return {@code true} for a connection failure
   */
  public static boolean isConnectionLoss(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException) {
        return true;
      }
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null
            && (state.startsWith("08")
                || state.equals("57P01")
                || state.equals("57P02")
                || state.equals("57P03"))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Tells whether the server refused the statement for the data it met rather than for its own
   * state: SQLSTATE class 22 (data exception), 23 (integrity constraint violation), P0001 (an
   * exception raised by a function or trigger) or XX001/XX002 (corrupted data). Retrying cannot
   * cure it; since every statement of the tracker runs in auto-commit, nothing was applied.
   *
   * @param e the error
   * @return {@code true} for a data error
   */
  public static boolean isDataError(SQLException e) {
    String state = state(e);
    return state != null
        && (state.startsWith("22")
            || state.startsWith("23")
            || state.equals("P0001")
            || state.equals("XX001")
            || state.equals("XX002"));
  }

  /**
   * The SQLSTATE of the error or, when it has none, of the first cause that has one.
   *
   * @param e the error
   * @return the SQLSTATE, or {@code null}
   */
  public static String state(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        return s.getSQLState();
      }
    }
    return null;
  }
}
