package io.ledgerkit.persistence.testkit.docs;

// tag::test-database[]
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccountStoreTest {
  @RegisterExtension static final TestDatabaseExtension db = TestDatabaseExtension.postgres();

  @Test
  void stores(TestDatabase database) throws SQLException { // or db.database()
    try (Connection c = database.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE account (id VARCHAR(20) PRIMARY KEY, balance BIGINT NOT NULL)");
      st.execute("INSERT INTO account VALUES ('alice', 100)");
      try (ResultSet rs = st.executeQuery("SELECT balance FROM account WHERE id = 'alice'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(100);
      }
    }
  }
}
// end::test-database[]
