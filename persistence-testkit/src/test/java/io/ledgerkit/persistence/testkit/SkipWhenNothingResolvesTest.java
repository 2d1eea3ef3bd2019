package io.ledgerkit.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.ledgerkit.persistence.testkit.internal.BuildLog;
import io.ledgerkit.persistence.testkit.internal.Containers;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * A test whose database cannot be resolved is reported as skipped (aborted), with the message, not
 * as failed, and the reason is noted once per test class for the build log. Runs a small test class
 * through the JUnit engine, on a machine where SQL Server has no URL and Docker does not answer
 * (otherwise this test itself is skipped: a real SQL Server would be started).
 */
class SkipWhenNothingResolvesTest {

  /** Run only through the engine below (the name does not match the Surefire includes). */
  static class MssqlWithoutServer {
    @RegisterExtension static final TestDatabaseExtension db = TestDatabaseExtension.mssql();

    @Test
    void needsSqlServer(TestDatabase database) {
      throw new AssertionError("must not run without a SQL Server, got " + database);
    }

    @Test
    void needsSqlServerToo(TestDatabase database) {
      throw new AssertionError("must not run without a SQL Server, got " + database);
    }
  }

  @Test
  void reportsTheTestAsAbortedWithTheReason() {
    assumeNoSqlServer();

    List<Event> aborted =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(MssqlWithoutServer.class))
            .execute()
            .testEvents()
            .assertStatistics(stats -> stats.started(2).aborted(2).failed(0).succeeded(0))
            .aborted()
            .list();
    for (Event event : aborted) {
      TestExecutionResult result = event.getPayload(TestExecutionResult.class).orElseThrow();
      assertThat(result.getThrowable().orElseThrow().getMessage())
          .startsWith("No SQL Server for this test: LEDGERKIT_TEST_MSSQL_URL is not set")
          .contains("no Docker engine is available for Testcontainers")
          .contains("com.microsoft.sqlserver:mssql-jdbc");
    }
  }

  @Test
  void notesTheReasonOncePerTestClassForTheBuildLog() {
    assumeNoSqlServer();

    List<String> notes =
        EngineTestKit.engine("junit-jupiter")
            .selectors(selectClass(MssqlWithoutServer.class))
            .execute()
            .allEvents()
            .reportingEntryPublished()
            .stream()
            .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
            .map(entry -> entry.get(BuildLog.REPORT_KEY))
            .toList();
    assertThat(notes)
        .singleElement()
        .asString()
        .startsWith(
            "SKIPPED "
                + MssqlWithoutServer.class.getName()
                + ": No SQL Server for this test: LEDGERKIT_TEST_MSSQL_URL is not set")
        .endsWith("or start Docker.");
  }

  private static void assumeNoSqlServer() {
    Assumptions.assumeTrue(
        System.getenv("LEDGERKIT_TEST_MSSQL_URL") == null, "LEDGERKIT_TEST_MSSQL_URL is set");
    Assumptions.assumeFalse(Containers.dockerAvailable(), "Docker is available");
  }
}
