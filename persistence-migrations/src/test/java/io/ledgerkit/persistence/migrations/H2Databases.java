package io.ledgerkit.persistence.migrations;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;

/** Fresh in-memory H2 databases and JDBC-metadata helpers for the tests. */
final class H2Databases {
  private H2Databases() {}

  /** A fresh in-memory database that lives until the JVM exits. */
  static String freshUrl() {
    return "jdbc:h2:mem:mig-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  static Connection open(String url) throws SQLException {
    return DriverManager.getConnection(url, "sa", "");
  }

  /** Table name to sorted "column:type" list of a schema (upper-cased names), history excluded. */
  static TreeMap<String, List<String>> tables(Connection c, String schema) throws SQLException {
    TreeMap<String, List<String>> out = new TreeMap<>();
    DatabaseMetaData md = c.getMetaData();
    try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        out.put(rs.getString("TABLE_NAME").toUpperCase(Locale.ROOT), new ArrayList<>());
      }
    }
    for (String table : out.keySet()) {
      try (ResultSet rs = md.getColumns(null, schema, table, "%")) {
        while (rs.next()) {
          out.get(table)
              .add(
                  rs.getString("COLUMN_NAME").toUpperCase(Locale.ROOT)
                      + ":"
                      + rs.getString("TYPE_NAME").toUpperCase(Locale.ROOT));
        }
      }
      out.get(table).sort(null);
    }
    return out;
  }

  static List<String> history(Connection c) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (var s = c.createStatement();
        var rs =
            s.executeQuery("SELECT ID, FILENAME FROM DATABASECHANGELOG ORDER BY ORDEREXECUTED")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "@" + rs.getString(2));
      }
    }
    return rows;
  }
}
