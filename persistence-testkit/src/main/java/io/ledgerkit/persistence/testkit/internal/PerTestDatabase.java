package io.ledgerkit.persistence.testkit.internal;

import io.ledgerkit.persistence.testkit.TestDatabaseKind;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;

/**
 * Creates and drops the per-test schema (PostgreSQL), database (MySQL/MariaDB, SQL Server) or user
 * (Oracle) on a shared server, so that tests never see each other's data.
 */
public final class PerTestDatabase {
  private PerTestDatabase() {}

  /**
   * An isolated place for one test.
   *
   * @param jdbcUrl URL pointing at the isolated schema or database
   * @param user user name (may be null when the URL carries it)
   * @param password password (may be null)
   * @param schema the isolated schema or database name
   * @param endpoint the server it lives on
   * @param kind the database kind
   */
  public record Isolated(
      String jdbcUrl,
      String user,
      String password,
      String schema,
      ServerEndpoint endpoint,
      TestDatabaseKind kind) {

    /** Drops the schema, database or user and everything in it. */
    public void drop() {
      String sql =
          switch (kind) {
            case POSTGRESQL -> "DROP SCHEMA IF EXISTS " + schema + " CASCADE";
            case MYSQL -> "DROP DATABASE IF EXISTS " + schema;
            case MSSQL ->
                "IF DB_ID('"
                    + schema
                    + "') IS NOT NULL BEGIN ALTER DATABASE "
                    + schema
                    + " SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE "
                    + schema
                    + " END";
            case ORACLE -> "DROP USER " + schema + " CASCADE";
            case H2 -> throw new IllegalStateException("H2 databases are not isolated here");
          };
      execute(endpoint, sql);
    }
  }

  /**
   * Creates an isolated schema, database or user for one test on the server.
   *
   * @param kind the database kind (not H2)
   * @param endpoint the shared server
   * @return where the test's data goes
   */
  public static Isolated create(TestDatabaseKind kind, ServerEndpoint endpoint) {
    String name = Ids.schemaName();
    String url = endpoint.adminUrl();
    String user = endpoint.user() != null ? endpoint.user() : JdbcUrls.user(url);
    String password = endpoint.password() != null ? endpoint.password() : JdbcUrls.password(url);
    switch (kind) {
      case POSTGRESQL -> {
        execute(endpoint, "CREATE SCHEMA " + name);
        return new Isolated(
            JdbcUrls.withQueryParameter(url, "currentSchema", name),
            user,
            password,
            name,
            endpoint,
            kind);
      }
      case MYSQL -> {
        execute(
            endpoint,
            "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return new Isolated(JdbcUrls.withDatabase(url, name), user, password, name, endpoint, kind);
      }
      case MSSQL -> {
        execute(endpoint, "CREATE DATABASE " + name);
        return new Isolated(
            JdbcUrls.withSemicolonProperty(url, "databaseName", name),
            user,
            password,
            name,
            endpoint,
            kind);
      }
      case ORACLE -> {
        String oracleUser = name.toUpperCase(Locale.ROOT);
        String oraclePassword = "Lk" + Ids.hex8() + Ids.hex8();
        execute(
            endpoint,
            "CREATE USER "
                + oracleUser
                + " IDENTIFIED BY \""
                + oraclePassword
                + "\" QUOTA UNLIMITED ON USERS");
        execute(
            endpoint,
            "GRANT CREATE SESSION, CREATE TABLE, CREATE SEQUENCE, CREATE VIEW, CREATE PROCEDURE,"
                + " CREATE TRIGGER, CREATE SYNONYM TO "
                + oracleUser);
        return new Isolated(
            JdbcUrls.withoutOracleCredentials(url),
            oracleUser,
            oraclePassword,
            oracleUser,
            endpoint,
            kind);
      }
      default -> throw new IllegalArgumentException("no server isolation for " + kind);
    }
  }

  /**
   * Opens a connection to the server's admin URL.
   *
   * @param endpoint the server it lives on
   * @return a new connection, which the caller closes
   * @throws SQLException when the server refuses the connection
   */
  public static Connection connect(ServerEndpoint endpoint) throws SQLException {
    Properties properties = new Properties();
    if (endpoint.user() != null) {
      properties.setProperty("user", endpoint.user());
    }
    if (endpoint.password() != null) {
      properties.setProperty("password", endpoint.password());
    }
    return DriverManager.getConnection(endpoint.adminUrl(), properties);
  }

  private static void execute(ServerEndpoint endpoint, String sql) {
    try (Connection connection = connect(endpoint);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not run `"
              + sql
              + "` on the test database "
              + JdbcUrls.redact(endpoint.adminUrl())
              + " ("
              + endpoint.source()
              + "): "
              + e.getMessage(),
          e);
    }
  }
}
