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

/** Each test gets its own in-memory H2 database: the second test does not see the first's table. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class H2IsolationTest {
  @RegisterExtension static final TestDatabaseExtension db = TestDatabaseExtension.h2();

  private static String firstUrl;

  @Test
  @Order(1)
  void firstTestWritesARow(TestDatabase database) throws SQLException {
    assertThat(database.kind()).isEqualTo(TestDatabaseKind.H2);
    assertThat(database.source()).isEqualTo("in-memory H2");
    assertThat(database.jdbcUrl()).matches("jdbc:h2:mem:lkt_[0-9a-f]{8};DB_CLOSE_DELAY=-1");
    assertThat(db.database()).isSameAs(database);
    firstUrl = database.jdbcUrl();
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE marker(id INT)");
      s.execute("INSERT INTO marker VALUES (1)");
    }
  }

  @Test
  @Order(2)
  void secondTestDoesNotSeeIt(TestDatabase database) throws SQLException {
    assertThat(database.jdbcUrl()).isNotEqualTo(firstUrl);
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'MARKER'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
    }
    // The first test's database was shut down after it: opening its URL gives an empty database.
    try (Connection c = java.sql.DriverManager.getConnection(firstUrl, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'MARKER'")) {
      rs.next();
      assertThat(rs.getInt(1)).isZero();
      s.execute("SHUTDOWN");
    }
  }
}
