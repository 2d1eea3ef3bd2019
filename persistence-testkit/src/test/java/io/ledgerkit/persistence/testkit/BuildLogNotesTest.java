package io.ledgerkit.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.ledgerkit.persistence.testkit.internal.BuildLog;
import io.ledgerkit.persistence.testkit.internal.RedisBinary;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The store the tests run on is noted once per JVM (per JUnit run) for the build log, saying what
 * was actually resolved, with its version, not what a test's name assumes.
 */
class BuildLogNotesTest {

  /** Run only through the engine below (the name does not match the Surefire includes). */
  static class TwoTestsOnEmbeddedRedis {
    @RegisterExtension static final TestRedisExtension redis = TestRedisExtension.embedded();

    @Test
    void first(TestRedis r) {
      assertThat(r.source()).startsWith("embedded Redis ");
    }

    @Test
    void second(TestRedis r) {
      assertThat(r.source()).startsWith("embedded Redis ");
    }
  }

  /** Run only through the engine below; uses the same server from a second class. */
  static class AnotherClassOnEmbeddedRedis {
    @RegisterExtension static final TestRedisExtension redis = TestRedisExtension.embedded();

    @Test
    void third(TestRedis r) {
      assertThat(r.source()).startsWith("embedded Redis ");
    }
  }

  @Test
  void theResolvedServerIsNotedOnceWithItsVersion() {
    Assumptions.assumeTrue(
        RedisBinary.unavailableReason().isEmpty(), "the embedded Redis cannot run here");

    List<String> notes =
        EngineTestKit.engine("junit-jupiter")
            .selectors(
                selectClass(TwoTestsOnEmbeddedRedis.class),
                selectClass(AnotherClassOnEmbeddedRedis.class))
            .execute()
            .allEvents()
            .assertStatistics(stats -> stats.failed(0))
            .reportingEntryPublished()
            .stream()
            .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
            .map(entry -> entry.get(BuildLog.REPORT_KEY))
            .toList();
    assertThat(notes)
        .singleElement()
        .asString()
        .matches(
            "using embedded Redis 6\\.2\\.\\d+ on port \\d+ \\(first for "
                + TwoTestsOnEmbeddedRedis.class.getName().replace("$", "\\$")
                + "\\)");
  }
}
