package io.ledgerkit.persistence.it.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.jpa.DefaultSchemaService;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.fixtures.SequencedSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.SequencedState;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.hibernate.dialect.MySQLDialect;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JPA cross-database suite on TestDatabaseExtension.mysql(). */
class JpaMariaDbTest extends AbstractJpaCrossDatabaseTest {
  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.mysql();

  /**
   * The MySQL path of sequences, on the MariaDB server. The library, Liquibase and Hibernate all
   * choose the database by what the server reports, not by the URL, so a {@code jdbc:mysql:} URL to
   * MariaDB still gets the MariaDB handling (real sequences). Here the connections report a MySQL
   * 8.0 server version (the product name is already "MySQL" through Connector/J; nothing else is
   * changed), so the migration runs the changelog's {@code dbms="mysql"} change set (a one-row
   * {@code next_val} table instead of {@code CREATE SEQUENCE}) and Hibernate picks its
   * MySQLDialect, which emulates the {@code @SequenceGenerator} with that table. Both must find it,
   * and the {@code @TableGenerator}'s table, in the database-schema option's database. MariaDB
   * executes the SQL; MySQL 8 itself was not at hand.
   */
  @Test
  void onTheMysqlPathTheSequenceIsATableInTheDatabaseSchema(TestDatabase d) throws Exception {
    String extra = "lkm" + UUID.randomUUID().toString().substring(0, 8);
    DataSource asMysql = new AsMysql8(d.dataSource());
    try (Connection c = asMysql.getConnection()) {
      assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("MySQL");
    }
    DefaultSchemaService schemas =
        DefaultSchemaService.configure()
            .serviceLoader(false)
            .register(SequencedSchemaV1.class)
            .schemaOptions(SequencedSchemaV1.SequencedSchema.class, new SchemaOptions(extra, "s_"))
            .load();
    try {
      try (PersistenceDatabase db =
          PersistenceDatabase.configure()
              .dataSource(asMysql)
              .schemaService(schemas)
              .identityService(InMemoryIdentityService.of(ALICE))
              .runMigration(true)
              .start()) {
        assertThat(
                db.sessionFactory()
                    .unwrap(SessionFactoryImplementor.class)
                    .getJdbcServices()
                    .getDialect())
            .isExactlyInstanceOf(MySQLDialect.class);
        List<StateAndRef<SequencedState>> states = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          states.add(
              new StateAndRef<>(
                  new SequencedState("m" + i, List.of("a" + i, "b" + i), List.of("x" + i), ALICE),
                  ref()));
        }
        db.transaction(
            s -> {
              db.vault().record(states);
              return null;
            });
        List<Long> itemIds =
            db.transaction(
                s ->
                    db.currentSession()
                        .createQuery("select i.id from SeqItem i order by i.id", Long.class)
                        .getResultList());
        assertThat(itemIds).hasSize(6).doesNotHaveDuplicates();
        List<String> memos =
            db.transaction(
                s ->
                    db.currentSession()
                        .createQuery("select m.body from SeqMemo m order by m.body", String.class)
                        .getResultList());
        assertThat(memos).containsExactly("x0", "x1", "x2");
        // the emulated sequence moved on (one allocation of 50), in the extra database
        assertThat(count(db, "select next_val from " + extra + ".s_seq_item_ids", null))
            .isGreaterThan(1);
        assertThat(count(db, "select count(*) from " + extra + ".s_seq_memo_ids", null)).isOne();
      }
      try (Connection c = d.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "select table_schema, table_type from information_schema.tables"
                      + " where table_name = 's_seq_item_ids' and table_schema in (?, ?)")) {
        ps.setString(1, extra);
        ps.setString(2, d.schema());
        try (ResultSet rs = ps.executeQuery()) {
          List<String> found = new ArrayList<>();
          while (rs.next()) {
            found.add(rs.getString(1) + ":" + rs.getString(2));
          }
          // a plain table (not a MariaDB SEQUENCE), only in the database-schema option's database
          assertThat(found).containsExactly(extra + ":BASE TABLE");
        }
      }
      for (String table :
          List.of("s_seq_batches", "s_seq_items", "s_seq_memos", "s_seq_memo_ids")) {
        try (Connection c = d.dataSource().getConnection();
            PreparedStatement ps =
                c.prepareStatement(
                    "select table_schema from information_schema.tables"
                        + " where table_name = ? and table_schema in (?, ?)")) {
          ps.setString(1, table);
          ps.setString(2, extra);
          ps.setString(3, d.schema());
          try (ResultSet rs = ps.executeQuery()) {
            List<String> found = new ArrayList<>();
            while (rs.next()) {
              found.add(rs.getString(1));
            }
            assertThat(found).as(table).containsExactly(extra);
          }
        }
      }
    } finally {
      try (Connection c = d.dataSource().getConnection();
          java.sql.Statement st = c.createStatement()) {
        st.execute("DROP DATABASE IF EXISTS " + extra);
      }
    }
  }

  /**
   * The test database's connections, reporting MySQL 8.0.36 as the server version instead of
   * "5.5.5-10.x-MariaDB"; every call reaches the real connection.
   */
  private static final class AsMysql8 implements DataSource {
    private final DataSource delegate;

    AsMysql8(DataSource delegate) {
      this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return wrap(delegate.getConnection(user, password));
    }

    private static Connection wrap(Connection real) {
      Connection[] self = new Connection[1];
      InvocationHandler metaHandler =
          (proxy, method, args) -> {
            switch (method.getName()) {
              case "getDatabaseProductVersion":
                return "8.0.36";
              case "getDatabaseMajorVersion":
                return 8;
              case "getDatabaseMinorVersion":
                return 0;
              case "getConnection":
                return self[0];
              default:
                return call(real.getMetaData(), method, args);
            }
          };
      InvocationHandler connHandler =
          (proxy, method, args) -> {
            if (method.getName().equals("getMetaData")) {
              return Proxy.newProxyInstance(
                  DatabaseMetaData.class.getClassLoader(),
                  new Class<?>[] {DatabaseMetaData.class},
                  metaHandler);
            }
            return call(real, method, args);
          };
      self[0] =
          (Connection)
              Proxy.newProxyInstance(
                  Connection.class.getClassLoader(),
                  new Class<?>[] {Connection.class},
                  connHandler);
      return self[0];
    }

    private static Object call(Object target, java.lang.reflect.Method method, Object[] args)
        throws Throwable {
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      if (iface.isInstance(this)) {
        return iface.cast(this);
      }
      return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
      return iface.isInstance(this) || delegate.isWrapperFor(iface);
    }
  }
}
