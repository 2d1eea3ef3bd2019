package io.ledgerkit.persistence.migrations.internal;

import io.ledgerkit.persistence.migrations.MigrationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;

/**
 * The database side of a target: which Liquibase database a connection is, the database schema a
 * target runs in (created when missing), and the session settings a borrowed connection must get
 * back.
 */
final class TargetDatabase {

  private TargetDatabase() {}

  /**
   * The Liquibase database of a connection, with the target's database schema as its default schema
   * (or catalog, where the database has no schemas) and Liquibase's own tables left in the
   * connection's original schema.
   */
  static Database of(Connection connection, Target t) throws Exception {
    Database db =
        DatabaseFactory.getInstance()
            .findCorrectDatabaseImplementation(new ServerVersionConnection(connection));
    String schema = t.options().databaseSchema();
    if (schema != null) {
      String catalog = db.getDefaultCatalogName();
      String original = db.getDefaultSchemaName();
      db.setLiquibaseCatalogName(catalog);
      db.setLiquibaseSchemaName(original);
      if (db.supportsSchemas()) {
        db.setDefaultSchemaName(schema);
      } else {
        db.setDefaultCatalogName(schema);
      }
    }
    return db;
  }

  /**
   * A JDBC connection that reports a MariaDB server's own version. Through the MySQL driver a
   * MariaDB server reports "5.5.5-10.11.x-MariaDB", major version 5, so Liquibase's MariaDB support
   * would think it has no sequences (they came in 10.3) and record a {@code createSequence} change
   * set as executed without creating the sequence.
   */
  private static final class ServerVersionConnection extends JdbcConnection {
    private static final Pattern MARIADB_BEHIND_MYSQL =
        Pattern.compile("^5\\.5\\.5-(\\d+)\\.(\\d+)[.-].*mariadb.*", Pattern.CASE_INSENSITIVE);

    ServerVersionConnection(Connection connection) {
      super(connection);
    }

    private Matcher mariaDb() throws liquibase.exception.DatabaseException {
      Matcher m = MARIADB_BEHIND_MYSQL.matcher(String.valueOf(getDatabaseProductVersion()));
      return m.matches() ? m : null;
    }

    @Override
    public int getDatabaseMajorVersion() throws liquibase.exception.DatabaseException {
      Matcher m = mariaDb();
      return m != null ? Integer.parseInt(m.group(1)) : super.getDatabaseMajorVersion();
    }

    @Override
    public int getDatabaseMinorVersion() throws liquibase.exception.DatabaseException {
      Matcher m = mariaDb();
      return m != null ? Integer.parseInt(m.group(2)) : super.getDatabaseMinorVersion();
    }
  }

  /** The session settings Liquibase may change on a borrowed connection. */
  record ConnectionState(boolean autoCommit, String catalog, String schema, String searchPath) {

    static ConnectionState capture(Connection c) throws SQLException {
      String searchPath = null;
      if (c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT current_setting('search_path')")) {
          searchPath = rs.next() ? rs.getString(1) : null;
        }
      }
      return new ConnectionState(c.getAutoCommit(), c.getCatalog(), c.getSchema(), searchPath);
    }

    void restore(Connection c) throws SQLException {
      if (c.isClosed()) {
        return;
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      if (searchPath != null) {
        try (java.sql.PreparedStatement p =
            c.prepareStatement("SELECT set_config('search_path', ?, false)")) {
          p.setString(1, searchPath);
          p.execute();
        }
      } else {
        if (catalog != null && !catalog.equals(c.getCatalog())) {
          c.setCatalog(catalog);
        }
        if (schema != null && !schema.equals(c.getSchema())) {
          c.setSchema(schema);
        }
      }
      if (c.getAutoCommit() != autoCommit) {
        c.setAutoCommit(autoCommit);
      }
    }
  }

  /** Creates a target's database schema (a database on MySQL/MariaDB) unless it exists. */
  static void createSchemaIfMissing(Connections connections, String schema) throws SQLException {
    try (Connection c = connections.open()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      boolean catalogs = product.contains("mysql") || product.contains("mariadb");
      if (catalogs ? catalogExists(c, schema) : jdbcSchemaExists(c, schema)) {
        return;
      }
      if (product.contains("oracle")) {
        throw new MigrationException(
            "database schema '"
                + schema
                + "' does not exist; on Oracle a schema is a user: create the user first");
      }
      try (Statement s = c.createStatement()) {
        s.execute(
            catalogs
                ? "CREATE DATABASE " + schema + defaultDatabaseCharset(c)
                : "CREATE SCHEMA " + schema);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
      LiquibaseRunner.LOG.info("created database schema {}", schema);
    }
  }

  /**
   * The character set and collation clause of the connection's default database on MySQL/MariaDB,
   * so that a database the migration creates compares strings like the one it joins with (the
   * server default may differ, and a join across collations fails with "Illegal mix of
   * collations").
   */
  private static String defaultDatabaseCharset(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT @@character_set_database, @@collation_database")) {
      if (rs.next() && rs.getString(1) != null && rs.getString(2) != null) {
        return " CHARACTER SET " + rs.getString(1) + " COLLATE " + rs.getString(2);
      }
    }
    return "";
  }

  private static boolean jdbcSchemaExists(Connection c, String schema) throws SQLException {
    try (ResultSet rs = c.getMetaData().getSchemas()) {
      while (rs.next()) {
        if (schema.equalsIgnoreCase(rs.getString(1))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean catalogExists(Connection c, String catalog) throws SQLException {
    try (ResultSet rs = c.getMetaData().getCatalogs()) {
      while (rs.next()) {
        if (catalog.equalsIgnoreCase(rs.getString(1))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether a database schema (a catalog where the database has no schemas) exists. */
  static boolean schemaExists(Database db, String schema) throws Exception {
    Connection c = ((JdbcConnection) db.getConnection()).getUnderlyingConnection();
    return db.supportsSchemas() ? jdbcSchemaExists(c, schema) : catalogExists(c, schema);
  }
}
