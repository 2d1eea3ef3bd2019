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
 * Each test gets its own PostgreSQL schema (from the environment URL when set, else the embedded
 * server): the second test does not see the first's table, and the first's schema is dropped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresIsolationTest {
  @RegisterExtension static final TestDatabaseExtension db = TestDatabaseExtension.postgres();

  private static String firstSchema;

  @Test
  @Order(1)
  void firstTestWritesARow(TestDatabase database) throws SQLException {
    assertThat(database.kind()).isEqualTo(TestDatabaseKind.POSTGRESQL);
    assertThat(database.schema()).matches("lkt_[0-9a-f]{8}");
    assertThat(database.jdbcUrl()).contains("currentSchema=" + database.schema());
    firstSchema = database.schema();
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThat(currentSchema(s)).isEqualTo(database.schema());
      s.execute("CREATE TABLE marker(id INT)");
      s.execute("INSERT INTO marker VALUES (1)");
    }
  }

  @Test
  @Order(2)
  void secondTestDoesNotSeeIt(TestDatabase database) throws SQLException {
    assertThat(database.schema()).isNotEqualTo(firstSchema);
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      assertThat(currentSchema(s)).isEqualTo(database.schema());
      try (ResultSet rs = s.executeQuery("SELECT to_regclass('marker') IS NULL")) {
        rs.next();
        assertThat(rs.getBoolean(1)).as("table of the first test visible").isTrue();
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                  + firstSchema
                  + "'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("schema of the first test dropped").isZero();
      }
    }
  }

  private static String currentSchema(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT current_schema()")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
