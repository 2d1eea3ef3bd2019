package io.ledgerkit.persistence.migrations.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a JDBC connection for one operation. */
@FunctionalInterface
public interface Connections {
  /**
   * Opens a connection; the caller closes it.
   *
   * @return the connection
   * @throws SQLException when the database cannot be reached
   */
  Connection open() throws SQLException;
}
