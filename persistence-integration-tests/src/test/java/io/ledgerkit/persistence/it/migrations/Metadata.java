package io.ledgerkit.persistence.it.migrations;

import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseKind;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/** Tables and columns of a test database through JDBC metadata, names upper-cased. */
final class Metadata {
  private Metadata() {}

  static TreeMap<String, List<String>> tables(TestDatabase d, String schema) throws SQLException {
    try (Connection c = d.dataSource().getConnection()) {
      return tables(c, d.kind(), schema);
    }
  }

  static TreeMap<String, List<String>> tables(Connection c, TestDatabaseKind kind, String schema)
      throws SQLException {
    boolean catalogs = kind == TestDatabaseKind.MYSQL;
    String cat = catalogs ? schema : null;
    String sch = catalogs ? null : schema;
    DatabaseMetaData md = c.getMetaData();
    if (!catalogs && md.storesUpperCaseIdentifiers()) {
      sch = schema.toUpperCase(Locale.ROOT);
    } else if (!catalogs && md.storesLowerCaseIdentifiers()) {
      sch = schema.toLowerCase(Locale.ROOT);
    }
    TreeMap<String, String> names = new TreeMap<>();
    try (ResultSet rs = md.getTables(cat, sch, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.put(rs.getString("TABLE_NAME").toUpperCase(Locale.ROOT), rs.getString("TABLE_NAME"));
      }
    }
    TreeMap<String, List<String>> out = new TreeMap<>();
    for (var e : names.entrySet()) {
      List<String> cols = new ArrayList<>();
      try (ResultSet rs = md.getColumns(cat, sch, e.getValue(), "%")) {
        while (rs.next()) {
          cols.add(
              rs.getString("COLUMN_NAME").toUpperCase(Locale.ROOT)
                  + ":"
                  + rs.getString("TYPE_NAME").toUpperCase(Locale.ROOT)
                  + (rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? " NOT NULL" : ""));
        }
      }
      cols.sort(null);
      out.put(e.getKey(), cols);
    }
    return out;
  }

  /** ID@FILENAME of every DATABASECHANGELOG row, in execution order. */
  static List<String> history(TestDatabase d) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = d.dataSource().getConnection();
        var s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT ID, FILENAME FROM "
                    + historyTable(c)
                    + " ORDER BY DATEEXECUTED, ORDEREXECUTED")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "@" + rs.getString(2));
      }
    }
    return rows;
  }

  private static String historyTable(Connection c) throws SQLException {
    return c.getMetaData().storesLowerCaseIdentifiers() ? "databasechangelog" : "DATABASECHANGELOG";
  }
}
