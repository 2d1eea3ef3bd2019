package io.ledgerkit.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each test gets its own MySQL/MariaDB database (from LEDGERKIT_TEST_MYSQL_URL, or Testcontainers;
 * skipped otherwise): the second test does not see the first's table.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MysqlIsolationTest {
  @RegisterExtension static final TestDatabaseExtension db = TestDatabaseExtension.mysql();

  private static String firstDatabase;

  @Test
  @Order(1)
  void firstTestWritesARow(TestDatabase database) throws SQLException {
    assertThat(database.kind()).isEqualTo(TestDatabaseKind.MYSQL);
    assertThat(database.jdbcUrl()).contains("/" + database.schema());
    firstDatabase = database.schema();
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThat(currentDatabase(s)).isEqualTo(database.schema());
      s.execute("CREATE TABLE marker(id INT)");
      s.execute("INSERT INTO marker VALUES (1)");
    }
  }

  @Test
  @Order(2)
  void secondTestDoesNotSeeIt(TestDatabase database) throws SQLException {
    assertThat(database.schema()).isNotEqualTo(firstDatabase);
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThat(currentDatabase(s)).isEqualTo(database.schema());
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM information_schema.tables WHERE table_name = 'marker'"
                  + " AND table_schema IN ('"
                  + database.schema()
                  + "', '"
                  + firstDatabase
                  + "')")) {
        rs.next();
        assertThat(rs.getInt(1)).as("table of the first test visible").isZero();
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                  + firstDatabase
                  + "'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("database of the first test dropped").isZero();
      }
    }
  }

  private static String currentDatabase(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT database()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
