package io.ledgerkit.persistence.testkit.internal;

import io.ledgerkit.persistence.testkit.TestDatabaseKind;
import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.JdbcDatabaseContainer;
import org.testcontainers.mssqlserver.MSSQLServerContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.oracle.OracleContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Everything that touches Testcontainers, kept in one class so that the rest of the testkit loads
 * and runs without Docker and without Testcontainers on the class path (it is an optional
 * dependency; {@link Resolver#containersUnavailable} checks for it first). Containers are started
 * once per JVM (per kind) and shared; Testcontainers removes them when the JVM exits.
 */
public final class Containers {
  /** Image used for PostgreSQL. */
  public static final String POSTGRES_IMAGE = "postgres:17-alpine";

  /** Image used for MySQL. */
  public static final String MYSQL_IMAGE = "mysql:8.4";

  /** Image used for SQL Server. */
  public static final String MSSQL_IMAGE = "mcr.microsoft.com/mssql/server:2022-latest";

  /** Image used for Oracle. */
  public static final String ORACLE_IMAGE = "gvenzl/oracle-free:23-slim-faststart";

  /** Image used for Redis. */
  public static final String REDIS_IMAGE = "redis:7-alpine";

  private static final Lazy<Boolean> DOCKER = new Lazy<>(Containers::probeDocker);

  private Containers() {}

  /** {@return whether a Docker engine answers; asked once per JVM} */
  public static boolean dockerAvailable() {
    return DOCKER.get();
  }

  private static boolean probeDocker() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /**
   * Returns the JVM's shared container for that kind of database, starting it on first use.
   *
   * @param kind the kind
   * @return the JVM's shared container for that kind of database, starting it on first use
   */
  public static ServerEndpoint database(TestDatabaseKind kind) {
    return switch (kind) {
      case POSTGRESQL -> Postgres.SERVER.get();
      case MYSQL -> Mysql.SERVER.get();
      case MSSQL -> Mssql.SERVER.get();
      case ORACLE -> Oracle.SERVER.get();
      case H2 -> throw new IllegalArgumentException("H2 needs no container");
    };
  }

  /** {@return the URI of the JVM's shared Redis container, starting it on first use} */
  public static URI redis() {
    return Redis.SERVER.get();
  }

  // One holder class per kind: the JVM links a holder (and so loads its Testcontainers module) only
  // when that kind is used, so a project that adds only testcontainers-postgresql can still use it.

  private static final class Postgres {
    static final Lazy<ServerEndpoint> SERVER =
        new Lazy<>(() -> Jdbc.start(new PostgreSQLContainer(POSTGRES_IMAGE), POSTGRES_IMAGE, null));
  }

  private static final class Mysql {
    static final Lazy<ServerEndpoint> SERVER =
        new Lazy<>(() -> Jdbc.start(new MySQLContainer(MYSQL_IMAGE), MYSQL_IMAGE, "root"));
  }

  private static final class Mssql {
    static final Lazy<ServerEndpoint> SERVER =
        new Lazy<>(
            () ->
                Jdbc.start(
                    new MSSQLServerContainer(MSSQL_IMAGE).acceptLicense(), MSSQL_IMAGE, null));
  }

  private static final class Oracle {
    static final Lazy<ServerEndpoint> SERVER =
        new Lazy<>(() -> Jdbc.start(new OracleContainer(ORACLE_IMAGE), ORACLE_IMAGE, "system"));
  }

  private static final class Jdbc {
    static ServerEndpoint start(
        JdbcDatabaseContainer<?> container, String image, String adminUser) {
      container.start();
      String user = adminUser != null ? adminUser : container.getUsername();
      return new ServerEndpoint(
          container.getJdbcUrl(), user, container.getPassword(), "Testcontainers " + image);
    }
  }

  private static final class Redis {
    static final Lazy<URI> SERVER =
        new Lazy<>(
            () -> {
              GenericContainer<?> container =
                  new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE)).withExposedPorts(6379);
              container.start();
              return URI.create(
                  "redis://" + container.getHost() + ":" + container.getMappedPort(6379));
            });
  }
}
