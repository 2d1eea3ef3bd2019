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
