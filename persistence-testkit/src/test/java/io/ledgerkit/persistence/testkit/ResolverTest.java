package io.ledgerkit.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.testkit.internal.Artifact;
import io.ledgerkit.persistence.testkit.internal.Resolution;
import io.ledgerkit.persistence.testkit.internal.Resolution.Origin;
import io.ledgerkit.persistence.testkit.internal.Resolver;
import io.ledgerkit.persistence.testkit.internal.Resolver.ContainersUnavailable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The resolution order, tested on the decision functions with a fake environment. */
class ResolverTest {
  private static final Supplier<Optional<ContainersUnavailable>> NO_DOCKER =
      () -> Optional.of(ContainersUnavailable.NO_DOCKER);
  private static final Supplier<Optional<ContainersUnavailable>> DOCKER = Optional::empty;
  private static final Supplier<Optional<ContainersUnavailable>> MUST_NOT_ASK =
      () -> {
        throw new AssertionError("Docker must not be probed when an earlier source resolves");
      };
  private static final Optional<String> EMBEDDED_OK = Optional.empty();
  private static final Optional<String> NO_EMBEDDED = Optional.of("they run on Linux x86_64 only");

  @Test
  void postgresEnvUrlWinsOverEverything() {
    Resolution r =
        Resolver.database(
            TestDatabaseKind.POSTGRESQL,
            false,
            Map.of("LEDGERKIT_TEST_POSTGRES_URL", " jdbc:postgresql://db:5432/t?user=u ")::get,
            EMBEDDED_OK,
            MUST_NOT_ASK);
    assertThat(r.origin()).isEqualTo(Origin.ENV);
    assertThat(r.url()).isEqualTo("jdbc:postgresql://db:5432/t?user=u");
    assertThat(r.detail()).isEqualTo("LEDGERKIT_TEST_POSTGRES_URL");
  }

  @Test
  void postgresFallsBackToEmbeddedThenTestcontainersThenSkip() {
    Map<String, String> blank = Map.of("LEDGERKIT_TEST_POSTGRES_URL", "  ");
    assertThat(
            Resolver.database(
                    TestDatabaseKind.POSTGRESQL, false, blank::get, EMBEDDED_OK, MUST_NOT_ASK)
                .origin())
        .isEqualTo(Origin.EMBEDDED);
    assertThat(
            Resolver.database(TestDatabaseKind.POSTGRESQL, false, blank::get, NO_EMBEDDED, DOCKER)
                .origin())
        .isEqualTo(Origin.TESTCONTAINERS);
    Resolution skip =
        Resolver.database(TestDatabaseKind.POSTGRESQL, false, blank::get, NO_EMBEDDED, NO_DOCKER);
    assertThat(skip.origin()).isEqualTo(Origin.SKIP);
    assertThat(skip.detail())
        .contains("No PostgreSQL for this test")
        .contains("LEDGERKIT_TEST_POSTGRES_URL is not set")
        .contains("embedded PostgreSQL cannot run (they run on Linux x86_64 only)")
        .contains("no Docker engine")
        .contains("jdbc:postgresql://");
  }

  @Test
  void forcedEmbeddedPostgresIgnoresTheEnvironment() {
    Map<String, String> env = Map.of("LEDGERKIT_TEST_POSTGRES_URL", "jdbc:postgresql://x/y");
    assertThat(
            Resolver.database(
                    TestDatabaseKind.POSTGRESQL, true, env::get, EMBEDDED_OK, MUST_NOT_ASK)
                .origin())
        .isEqualTo(Origin.EMBEDDED);
    Resolution skip =
        Resolver.database(TestDatabaseKind.POSTGRESQL, true, env::get, NO_EMBEDDED, MUST_NOT_ASK);
    assertThat(skip.origin()).isEqualTo(Origin.SKIP);
    assertThat(skip.detail()).contains("embedded PostgreSQL was requested but cannot run here");
  }

  @Test
  void mysqlHasNoEmbeddedServer() {
    Map<String, String> none = Map.of();
    assertThat(
            Resolver.database(TestDatabaseKind.MYSQL, false, none::get, EMBEDDED_OK, DOCKER)
                .origin())
        .isEqualTo(Origin.TESTCONTAINERS);
    Resolution skip =
        Resolver.database(TestDatabaseKind.MYSQL, false, none::get, EMBEDDED_OK, NO_DOCKER);
    assertThat(skip.origin()).isEqualTo(Origin.SKIP);
    assertThat(skip.detail())
        .startsWith("No MySQL/MariaDB for this test: LEDGERKIT_TEST_MYSQL_URL is not set and no")
        .doesNotContain("embedded");
    assertThatThrownBy(
            () ->
                Resolver.database(TestDatabaseKind.MYSQL, true, none::get, EMBEDDED_OK, NO_DOCKER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no embedded MySQL/MariaDB");
  }

  @Test
  void sqlServerAndOracleSkipMessagesNameTheirVariableAndDriver() {
    Map<String, String> none = Map.of();
    assertThat(
            Resolver.database(TestDatabaseKind.MSSQL, false, none::get, EMBEDDED_OK, NO_DOCKER)
                .detail())
        .contains("LEDGERKIT_TEST_MSSQL_URL")
        .contains("com.microsoft.sqlserver:mssql-jdbc");
    assertThat(
            Resolver.database(TestDatabaseKind.ORACLE, false, none::get, EMBEDDED_OK, NO_DOCKER)
                .detail())
        .contains("LEDGERKIT_TEST_ORACLE_URL")
        .contains("com.oracle.database.jdbc:ojdbc11");
    Map<String, String> env = Map.of("LEDGERKIT_TEST_ORACLE_URL", "jdbc:oracle:thin:@//o:1521/P");
    assertThat(
            Resolver.database(TestDatabaseKind.ORACLE, false, env::get, EMBEDDED_OK, MUST_NOT_ASK)
                .origin())
        .isEqualTo(Origin.ENV);
  }

  @Test
  void h2IsAlwaysInMemory() {
    Map<String, String> none = Map.of();
    assertThat(
            Resolver.database(TestDatabaseKind.H2, false, none::get, NO_EMBEDDED, MUST_NOT_ASK)
                .origin())
        .isEqualTo(Origin.IN_MEMORY);
  }

  @Test
  void redisResolvesInTheSameOrder() {
    Map<String, String> env = Map.of("LEDGERKIT_TEST_REDIS_URL", "redis://10.0.0.1:6379");
    Map<String, String> none = Map.of();
    Resolution fromEnv = Resolver.redis(false, env::get, EMBEDDED_OK, MUST_NOT_ASK);
    assertThat(fromEnv.origin()).isEqualTo(Origin.ENV);
    assertThat(fromEnv.url()).isEqualTo("redis://10.0.0.1:6379");
    assertThat(Resolver.redis(true, env::get, EMBEDDED_OK, MUST_NOT_ASK).origin())
        .isEqualTo(Origin.EMBEDDED);
    assertThat(Resolver.redis(false, none::get, EMBEDDED_OK, MUST_NOT_ASK).origin())
        .isEqualTo(Origin.EMBEDDED);
    assertThat(Resolver.redis(false, none::get, NO_EMBEDDED, DOCKER).origin())
        .isEqualTo(Origin.TESTCONTAINERS);
    Resolution skip = Resolver.redis(false, none::get, NO_EMBEDDED, NO_DOCKER);
    assertThat(skip.origin()).isEqualTo(Origin.SKIP);
    assertThat(skip.detail())
        .contains("LEDGERKIT_TEST_REDIS_URL is not set")
        .contains("embedded Redis cannot run")
        .contains("no Docker engine")
        .contains("redis://127.0.0.1:6379");
  }

  @Test
  void aMissingTestcontainersModuleIsNamedInTheSkipMessage() {
    Map<String, String> none = Map.of();
    Resolution skip =
        Resolver.database(
            TestDatabaseKind.MYSQL,
            false,
            none::get,
            EMBEDDED_OK,
            () ->
                Optional.of(ContainersUnavailable.missing(List.of(Artifact.TESTCONTAINERS_MYSQL))));
    assertThat(skip.origin()).isEqualTo(Origin.SKIP);
    assertThat(skip.detail())
        .contains("LEDGERKIT_TEST_MYSQL_URL is not set")
        .contains(
            "Testcontainers cannot be used (org.testcontainers:testcontainers-mysql not on the"
                + " test class path)")
        .endsWith(
            "or add the test dependency org.testcontainers:testcontainers-mysql and start"
                + " Docker.");
  }

  @Test
  void theTestcontainersModulesOfThisBuildAreFound() {
    // The testkit's own tests have every optional dependency: only Docker can be missing.
    assertThat(Resolver.containersUnavailable(TestDatabaseKind.POSTGRESQL))
        .satisfiesAnyOf(
            reason -> assertThat(reason).isEmpty(),
            reason -> assertThat(reason).contains(ContainersUnavailable.NO_DOCKER));
  }
}
