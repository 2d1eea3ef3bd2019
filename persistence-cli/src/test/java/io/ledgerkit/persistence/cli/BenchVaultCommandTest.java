package io.ledgerkit.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ledgerkit bench vault} run in-process on a small embedded H2 database. */
class BenchVaultCommandTest {

  @TempDir Path dir;

  @Test
  void jsonReportsBothPathsAndTheirRatio() {
    String url = "jdbc:h2:file:" + dir.resolve("bench").toAbsolutePath();
    CliRun run =
        CliRun.of(
            "bench",
            "vault",
            "--url",
            url,
            "--states",
            "300",
            "--batch",
            "50",
            "--baseline-jdbc",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).doesNotContain("\n");
    Map<String, Object> json = FlatJson.parse(run.out().strip());
    assertThat(json)
        .containsOnlyKeys(
            "states", "batch", "seconds", "statesPerSecond", "jdbcStatesPerSecond", "ratio");
    assertThat(decimal(json, "states")).isEqualByComparingTo("300");
    assertThat(decimal(json, "batch")).isEqualByComparingTo("50");
    double seconds = decimal(json, "seconds").doubleValue();
    double orm = decimal(json, "statesPerSecond").doubleValue();
    double jdbc = decimal(json, "jdbcStatesPerSecond").doubleValue();
    double ratio = decimal(json, "ratio").doubleValue();
    assertThat(seconds).isPositive();
    assertThat(orm).isCloseTo(300 / seconds, org.assertj.core.data.Percentage.withPercentage(2));
    assertThat(jdbc).isPositive();
    assertThat(ratio).isCloseTo(orm / jdbc, org.assertj.core.data.Percentage.withPercentage(2));
  }

  @Test
  void queryCurveReportsEachSizeWithTheFixedAnswer() {
    String url = "jdbc:h2:file:" + dir.resolve("curve").toAbsolutePath();
    CliRun run =
        CliRun.of(
            "bench",
            "vault",
            "--url",
            url,
            "--query-curve",
            "200,600",
            "--unconsumed",
            "40",
            "--repeat",
            "5",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).doesNotContain("\n");
    Map<String, Object> json = FlatJson.parseNested(run.out().strip());
    assertThat(json).containsOnlyKeys("unconsumed", "repeat", "sizes");
    assertThat(decimal(json, "unconsumed")).isEqualByComparingTo("40");
    assertThat(decimal(json, "repeat")).isEqualByComparingTo("5");
    @SuppressWarnings("unchecked")
    Map<String, Object> sizes = (Map<String, Object>) json.get("sizes");
    assertThat(sizes).containsOnlyKeys("200", "600");
    // 40 unconsumed of the queried class and 40 of another; half of the rest consumed of each.
    assertThat(point(sizes, "200"))
        .containsEntry("mappedRows", new BigDecimal("100"))
        .containsEntry("statesRows", new BigDecimal("40"))
        .containsEntry("entityRows", new BigDecimal("40"));
    assertThat(point(sizes, "600"))
        .containsEntry("mappedRows", new BigDecimal("300"))
        .containsEntry("statesRows", new BigDecimal("40"))
        .containsEntry("entityRows", new BigDecimal("40"));
    for (String size : sizes.keySet()) {
      Map<String, Object> p = point(sizes, size);
      assertThat(decimal(p, "fillSeconds").signum()).isNotNegative();
      for (String q : new String[] {"states", "entity"}) {
        double median = decimal(p, q + "MedianMillis").doubleValue();
        assertThat(median).isPositive();
        assertThat(decimal(p, q + "P99Millis").doubleValue()).isGreaterThanOrEqualTo(median);
      }
    }
  }

  @Test
  void queryCurveLeavesTheBenchTablesEmpty() throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("clean").toAbsolutePath();
    CliRun run =
        CliRun.of(
            "bench",
            "vault",
            "--url",
            url,
            "--query-curve",
            "100",
            "--unconsumed",
            "10",
            "--repeat",
            "1");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("unconsumedStates").contains("100");
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "sa", "");
        java.sql.Statement st = c.createStatement()) {
      for (String t : new String[] {"vault_states", "bench_cash", "bench_exposure"}) {
        try (java.sql.ResultSet rs = st.executeQuery("select count(*) from lkbench_" + t)) {
          rs.next();
          assertThat(rs.getLong(1)).as(t).isZero();
        }
      }
    }
  }

  @Test
  void queryCurveRefusesSizesThatDoNotAscendOrOptionsOfTheRecordingRun() {
    String url = "jdbc:h2:file:" + dir.resolve("never").toAbsolutePath();

    CliRun descending = CliRun.of("bench", "vault", "--url", url, "--query-curve", "5000,3000");
    assertThat(descending.exitCode()).isEqualTo(2);
    assertThat(descending.err()).contains("--query-curve").contains("5000 then 3000");

    CliRun tooSmall = CliRun.of("bench", "vault", "--url", url, "--query-curve", "1000");
    assertThat(tooSmall.exitCode()).isEqualTo(2);
    assertThat(tooSmall.err()).contains("2000").contains("was 1000");

    CliRun mixed =
        CliRun.of("bench", "vault", "--url", url, "--query-curve", "10000", "--baseline-jdbc");
    assertThat(mixed.exitCode()).isEqualTo(2);
    assertThat(mixed.err()).contains("--baseline-jdbc").contains("--query-curve");

    CliRun stray = CliRun.of("bench", "vault", "--url", url, "--repeat", "5");
    assertThat(stray.exitCode()).isEqualTo(2);
    assertThat(stray.err()).contains("--repeat").contains("--query-curve");
    assertThat(dir.resolve("never.mv.db")).doesNotExist();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> point(Map<String, Object> sizes, String size) {
    return (Map<String, Object>) sizes.get(size);
  }

  @Test
  void refusesANonPositiveStateCountAsAUsageError() {
    CliRun run =
        CliRun.of(
            "bench",
            "vault",
            "--url",
            "jdbc:h2:file:" + dir.resolve("never").toAbsolutePath(),
            "--states",
            "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--states").contains("0");
  }

  private static BigDecimal decimal(Map<String, Object> json, String key) {
    return (BigDecimal) json.get(key);
  }
}
