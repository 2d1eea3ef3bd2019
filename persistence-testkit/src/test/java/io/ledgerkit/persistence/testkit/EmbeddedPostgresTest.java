package io.ledgerkit.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded PostgreSQL (binaries from Maven, run as nobody when root) answers queries. */
class EmbeddedPostgresTest {
  @RegisterExtension
  static final TestDatabaseExtension db = TestDatabaseExtension.embeddedPostgres();

  @Test
  void runsAQueryOnTheEmbeddedServer(TestDatabase database) throws SQLException {
    assertThat(database.source()).matches("embedded PostgreSQL 17\\.\\d+ on port \\d+");
    assertThat(database.jdbcUrl()).startsWith("jdbc:postgresql://127.0.0.1:");
    try (Connection c = database.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version(), current_schema(), current_user")) {
      rs.next();
      assertThat(rs.getString(1)).startsWith("PostgreSQL 17.");
      assertThat(rs.getString(2)).isEqualTo(database.schema());
      assertThat(rs.getString(3)).isEqualTo("postgres");
    }
  }

  @Test
  void aPrivateServerStartsAndStops() throws SQLException {
    int port;
    try (EmbeddedPostgres server = EmbeddedPostgres.start()) {
      port = server.port();
      assertThat(server.version()).startsWith("17.");
      try (Connection c = java.sql.DriverManager.getConnection(server.jdbcUrl());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT 6 * 7")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&connectTimeout=2";
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> java.sql.DriverManager.getConnection(url))
        .isInstanceOf(SQLException.class);
  }
}
