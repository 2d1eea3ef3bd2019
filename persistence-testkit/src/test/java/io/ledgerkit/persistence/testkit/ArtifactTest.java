package io.ledgerkit.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.testkit.internal.Artifact;
import org.junit.jupiter.api.Test;

/**
 * The testkit's backends are optional dependencies: a factory whose artifact is missing says which
 * {@code groupId:artifactId} to add. Checked with a marker class that does not exist, since this
 * build has every optional dependency.
 */
class ArtifactTest {
  private static final Artifact MISSING =
      new Artifact(
          "com.example:no-such-driver", "com.example.nosuch.Driver", "the Example JDBC driver");

  @Test
  void aMissingArtifactIsNamedWithItsCoordinatesAndMarkerClass() {
    assertThat(MISSING.isPresent()).isFalse();
    assertThat(MISSING.missingFor("TestDatabaseExtension.example()"))
        .contains(
            "TestDatabaseExtension.example() needs the Example JDBC driver, which is not on the"
                + " test class path (no class com.example.nosuch.Driver). Add the test dependency"
                + " com.example:no-such-driver (io.ledgerkit:persistence-bom manages its"
                + " version).");
    assertThatThrownBy(() -> MISSING.require("TestDatabaseExtension.example()"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Add the test dependency com.example:no-such-driver");
  }

  @Test
  void everyFactorysArtifactIsFoundWhenItIsOnTheClassPath() {
    for (TestDatabaseKind kind : TestDatabaseKind.values()) {
      assertThat(Artifact.driver(kind).missingFor("TestDatabaseExtension")).isEmpty();
      if (kind != TestDatabaseKind.H2) {
        assertThat(Artifact.containerModule(kind).isPresent()).isTrue();
      }
    }
    assertThat(Artifact.JEDIS.isPresent()).isTrue();
    assertThat(Artifact.TESTCONTAINERS.isPresent()).isTrue();
  }

  @Test
  void theDriversAndModulesNameTheirMavenCoordinates() {
    assertThat(Artifact.driver(TestDatabaseKind.POSTGRESQL).coordinates())
        .isEqualTo("org.postgresql:postgresql");
    assertThat(Artifact.driver(TestDatabaseKind.MYSQL).coordinates())
        .isEqualTo("com.mysql:mysql-connector-j");
    assertThat(Artifact.driver(TestDatabaseKind.MSSQL).coordinates())
        .isEqualTo("com.microsoft.sqlserver:mssql-jdbc");
    assertThat(Artifact.driver(TestDatabaseKind.ORACLE).coordinates())
        .isEqualTo("com.oracle.database.jdbc:ojdbc11");
    assertThat(Artifact.driver(TestDatabaseKind.H2).coordinates()).isEqualTo("com.h2database:h2");
    assertThat(Artifact.containerModule(TestDatabaseKind.POSTGRESQL).coordinates())
        .isEqualTo("org.testcontainers:testcontainers-postgresql");
    assertThat(Artifact.JEDIS.coordinates()).isEqualTo("redis.clients:jedis");
  }
}
