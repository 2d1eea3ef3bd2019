package io.ledgerkit.persistence.testkit.internal;

import io.ledgerkit.persistence.testkit.TestDatabaseKind;
import io.ledgerkit.persistence.testkit.internal.Resolution.Origin;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The resolution order of test services, as pure functions of the environment, so that it can be
 * tested without changing the environment: env URL, then the embedded server (PostgreSQL and Redis
 * only), then Testcontainers when its modules are on the class path and Docker answers, else skip
 * with a message naming what was missing.
 */
public final class Resolver {
  /** Environment variable with the URL of a Redis server for tests. */
  public static final String REDIS_ENV = "LEDGERKIT_TEST_REDIS_URL";

  private Resolver() {}

  /**
   * Why Testcontainers cannot be used here, and how to change that.
   *
   * @param reason a clause for the skip message, e.g. "no Docker engine is available for
   *     Testcontainers"
   * @param fix what to do, e.g. "start Docker"
   */
  public record ContainersUnavailable(String reason, String fix) {
    /** Docker does not answer. */
    public static final ContainersUnavailable NO_DOCKER =
        new ContainersUnavailable(
            "no Docker engine is available for Testcontainers", "start Docker");

    /**
     * Testcontainers artifacts are missing from the class path.
     *
     * @param missing the missing artifacts
     * @return the reason naming their coordinates
     */
    public static ContainersUnavailable missing(List<Artifact> missing) {
      String coordinates =
          String.join(" and ", missing.stream().map(Artifact::coordinates).toList());
      return new ContainersUnavailable(
          "Testcontainers cannot be used (" + coordinates + " not on the test class path)",
          (missing.size() == 1 ? "add the test dependency " : "add the test dependencies ")
              + coordinates
              + " and start Docker");
    }
  }

  /**
   * Returns why Testcontainers cannot start that kind of server here, or empty when it can: its
   * modules must be on the class path (they are optional dependencies of the testkit) and a Docker
   * engine must answer (asked once per JVM, and only when the modules are there).
   *
   * @param kind the database kind, or null for Redis
   * @return why Testcontainers cannot be used, or empty when it can
   */
  public static Optional<ContainersUnavailable> containersUnavailable(TestDatabaseKind kind) {
    List<Artifact> missing = new ArrayList<>();
    if (!Artifact.TESTCONTAINERS.isPresent()) {
      missing.add(Artifact.TESTCONTAINERS);
    }
    if (kind != null && !Artifact.containerModule(kind).isPresent()) {
      missing.add(Artifact.containerModule(kind));
    }
    if (!missing.isEmpty()) {
      return Optional.of(ContainersUnavailable.missing(missing));
    }
    try {
      return Containers.dockerAvailable()
          ? Optional.empty()
          : Optional.of(ContainersUnavailable.NO_DOCKER);
    } catch (LinkageError e) {
      return Optional.of(ContainersUnavailable.missing(List.of(Artifact.TESTCONTAINERS)));
    }
  }

  /**
   * Returns the environment variable naming a server of that kind, or null for H2.
   *
   * @param kind the database kind
   * @return the environment variable naming a server of that kind, or null for H2
   */
  public static String envVariable(TestDatabaseKind kind) {
    return switch (kind) {
      case H2 -> null;
      case POSTGRESQL -> "LEDGERKIT_TEST_POSTGRES_URL";
      case MYSQL -> "LEDGERKIT_TEST_MYSQL_URL";
      case MSSQL -> "LEDGERKIT_TEST_MSSQL_URL";
      case ORACLE -> "LEDGERKIT_TEST_ORACLE_URL";
    };
  }

  /**
   * Decides where a test database comes from.
   *
   * @param kind the database kind
   * @param forceEmbedded use the embedded server even when the environment names one (PostgreSQL)
   * @param env reads an environment variable (null when unset)
   * @param embeddedUnavailable why the embedded server cannot run here; empty when it can
   * @param containersUnavailable why Testcontainers cannot be used, empty when it can (asked only
   *     when needed)
   * @return the decision
   */
  public static Resolution database(
      TestDatabaseKind kind,
      boolean forceEmbedded,
      Function<String, String> env,
      Optional<String> embeddedUnavailable,
      Supplier<Optional<ContainersUnavailable>> containersUnavailable) {
    if (kind == TestDatabaseKind.H2) {
      return new Resolution(Origin.IN_MEMORY, null, "in-memory H2");
    }
    boolean hasEmbedded = kind == TestDatabaseKind.POSTGRESQL;
    String variable = envVariable(kind);
    String name = displayName(kind);
    if (forceEmbedded) {
      if (!hasEmbedded) {
        throw new IllegalArgumentException("there is no embedded " + name + " server");
      }
      return embeddedUnavailable
          .map(
              why ->
                  new Resolution(
                      Origin.SKIP,
                      null,
                      "The embedded PostgreSQL was requested but cannot run here: "
                          + why
                          + ". Use TestDatabaseExtension.postgres() with "
                          + variable
                          + " set to a PostgreSQL JDBC URL instead."))
          .orElseGet(() -> new Resolution(Origin.EMBEDDED, null, "embedded PostgreSQL"));
    }
    String url = env.apply(variable);
    if (url != null && !url.isBlank()) {
      return new Resolution(Origin.ENV, url.strip(), variable);
    }
    if (hasEmbedded && embeddedUnavailable.isEmpty()) {
      return new Resolution(Origin.EMBEDDED, null, "embedded PostgreSQL");
    }
    Optional<ContainersUnavailable> containers = containersUnavailable.get();
    if (containers.isEmpty()) {
      return new Resolution(Origin.TESTCONTAINERS, null, "Testcontainers");
    }
    StringBuilder message = new StringBuilder();
    message.append("No ").append(name).append(" for this test: ");
    message.append(variable).append(" is not set");
    if (hasEmbedded) {
      message
          .append(", the embedded PostgreSQL cannot run (")
          .append(embeddedUnavailable.orElse("?"))
          .append(')');
    }
    message.append(" and ").append(containers.get().reason()).append(". To run it, set ");
    message.append(variable).append(" to a JDBC URL such as ").append(example(kind));
    message.append(" or ").append(containers.get().fix()).append('.');
    return new Resolution(Origin.SKIP, null, message.toString());
  }

  /**
   * Decides where a standalone test Redis comes from.
   *
   * @param forceEmbedded use the embedded server even when the environment names one
   * @param env reads an environment variable (null when unset)
   * @param embeddedUnavailable why the embedded server cannot run here; empty when it can
   * @param containersUnavailable why Testcontainers cannot be used, empty when it can (asked only
   *     when needed)
   * @return the decision
   */
  public static Resolution redis(
      boolean forceEmbedded,
      Function<String, String> env,
      Optional<String> embeddedUnavailable,
      Supplier<Optional<ContainersUnavailable>> containersUnavailable) {
    if (forceEmbedded) {
      return embeddedUnavailable
          .map(
              why ->
                  new Resolution(
                      Origin.SKIP,
                      null,
                      "The embedded Redis was requested but cannot run here: "
                          + why
                          + ". Use TestRedisExtension.standalone() with "
                          + REDIS_ENV
                          + " set to a redis:// URL instead."))
          .orElseGet(() -> new Resolution(Origin.EMBEDDED, null, "embedded Redis"));
    }
    String url = env.apply(REDIS_ENV);
    if (url != null && !url.isBlank()) {
      return new Resolution(Origin.ENV, url.strip(), REDIS_ENV);
    }
    if (embeddedUnavailable.isEmpty()) {
      return new Resolution(Origin.EMBEDDED, null, "embedded Redis");
    }
    Optional<ContainersUnavailable> containers = containersUnavailable.get();
    if (containers.isEmpty()) {
      return new Resolution(Origin.TESTCONTAINERS, null, "Testcontainers");
    }
    return new Resolution(
        Origin.SKIP,
        null,
        "No Redis for this test: "
            + REDIS_ENV
            + " is not set, the embedded Redis cannot run ("
            + embeddedUnavailable.get()
            + ") and "
            + containers.get().reason()
            + ". To run it, set "
            + REDIS_ENV
            + " to a URL such as redis://127.0.0.1:6379 or "
            + containers.get().fix()
            + ".");
  }

  /**
   * Returns the human name of a database kind, e.g. "PostgreSQL".
   *
   * @param kind the database kind
   * @return the human name of a database kind, e.g. "PostgreSQL"
   */
  public static String displayName(TestDatabaseKind kind) {
    return switch (kind) {
      case H2 -> "H2";
      case POSTGRESQL -> "PostgreSQL";
      case MYSQL -> "MySQL/MariaDB";
      case MSSQL -> "SQL Server";
      case ORACLE -> "Oracle";
    };
  }

  private static String example(TestDatabaseKind kind) {
    return switch (kind) {
      case H2 -> "jdbc:h2:mem:test";
      case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
      case MYSQL -> "jdbc:mysql://127.0.0.1:3306/test?user=root&password=";
      case MSSQL ->
          "jdbc:sqlserver://127.0.0.1:1433;user=sa;password=...;encrypt=false (and add"
              + " com.microsoft.sqlserver:mssql-jdbc to the test dependencies)";
      case ORACLE ->
          "jdbc:oracle:thin:system/...@//127.0.0.1:1521/FREEPDB1 (and add"
              + " com.oracle.database.jdbc:ojdbc11 to the test dependencies)";
    };
  }
}
