package io.ledgerkit.persistence.testkit.internal;

import io.ledgerkit.persistence.testkit.DatabaseKind;
import io.ledgerkit.persistence.testkit.internal.Resolution.Origin;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The resolution order of test services, as pure functions of the environment, so that it can be
 * tested without changing the environment: env URL, then the embedded server (PostgreSQL and Redis
 * only), then Testcontainers when Docker answers, else skip with a message naming what was missing.
 */
public final class Resolver {
  /** Environment variable with the URL of a Redis server for tests. */
  public static final String REDIS_ENV = "LEDGERKIT_TEST_REDIS_URL";

  private Resolver() {}

  /**
   * {@return whether a Docker engine answers for Testcontainers (asked once per JVM); false also
   * when Testcontainers is not on the classpath (a project may exclude it)}
   */
  public static boolean dockerAvailable() {
    try {
      return Containers.dockerAvailable();
    } catch (LinkageError e) {
      return false;
    }
  }

  /**
   * Returns the environment variable naming a server of that kind, or null for H2.
   *
   * @param kind the database kind
   * @return the environment variable naming a server of that kind, or null for H2
   */
  public static String envVariable(DatabaseKind kind) {
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
   * @param dockerAvailable whether a Docker engine answers (asked only when needed)
   * @return the decision
   */
  public static Resolution database(
      DatabaseKind kind,
      boolean forceEmbedded,
      Function<String, String> env,
      Optional<String> embeddedUnavailable,
      BooleanSupplier dockerAvailable) {
    if (kind == DatabaseKind.H2) {
      return new Resolution(Origin.IN_MEMORY, null, "in-memory H2");
    }
    boolean hasEmbedded = kind == DatabaseKind.POSTGRESQL;
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
    if (dockerAvailable.getAsBoolean()) {
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
    message.append(" and no Docker engine is available for Testcontainers. To run it, set ");
    message.append(variable).append(" to a JDBC URL such as ").append(example(kind));
    message.append(" or start Docker.");
    return new Resolution(Origin.SKIP, null, message.toString());
  }

  /**
   * Decides where a standalone test Redis comes from.
   *
   * @param forceEmbedded use the embedded server even when the environment names one
   * @param env reads an environment variable (null when unset)
   * @param embeddedUnavailable why the embedded server cannot run here; empty when it can
   * @param dockerAvailable whether a Docker engine answers (asked only when needed)
   * @return the decision
   */
  public static Resolution redis(
      boolean forceEmbedded,
      Function<String, String> env,
      Optional<String> embeddedUnavailable,
      BooleanSupplier dockerAvailable) {
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
    if (dockerAvailable.getAsBoolean()) {
      return new Resolution(Origin.TESTCONTAINERS, null, "Testcontainers");
    }
    return new Resolution(
        Origin.SKIP,
        null,
        "No Redis for this test: "
            + REDIS_ENV
            + " is not set, the embedded Redis cannot run ("
            + embeddedUnavailable.get()
            + ") and no Docker engine is available for Testcontainers. To run it, set "
            + REDIS_ENV
            + " to a URL such as redis://127.0.0.1:6379 or start Docker.");
  }

  /**
   * Returns the human name of a database kind, e.g. "PostgreSQL".
   *
   * @param kind the database kind
   * @return the human name of a database kind, e.g. "PostgreSQL"
   */
  public static String displayName(DatabaseKind kind) {
    return switch (kind) {
      case H2 -> "H2";
      case POSTGRESQL -> "PostgreSQL";
      case MYSQL -> "MySQL/MariaDB";
      case MSSQL -> "SQL Server";
      case ORACLE -> "Oracle";
    };
  }

  private static String example(DatabaseKind kind) {
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
