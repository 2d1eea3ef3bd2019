package io.ledgerkit.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ledgerkit bench balances} on the in-memory store, run in-process with short durations. */
class BenchBalancesCommandTest {

  private static final String[] JSON_FIELDS = {
    "store",
    "threads",
    "accounts",
    "batch",
    "workload",
    "operations",
    "seconds",
    "opsPerSecond",
    "p50Micros",
    "p99Micros",
    "p999Micros",
    "errors"
  };

  @Test
  void jsonPrintsExactlyOneConsistentObject() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--store",
            "memory",
            "--threads",
            "2",
            "--accounts",
            "50",
            "--duration",
            "300ms",
            "--warmup",
            "0s",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).doesNotContain("\n");
    Map<String, Object> json = FlatJson.parse(run.out());
    assertThat(json).containsKeys(JSON_FIELDS);
    assertThat(json.get("store")).isEqualTo("memory");
    assertThat(json.get("workload")).isEqualTo("prepare");
    assertThat(number(json, "threads")).isEqualTo(2);
    assertThat(number(json, "accounts")).isEqualTo(50);
    assertThat(number(json, "batch")).isEqualTo(1);
    assertConsistent(json, 0.3);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void packetWorkloadInBatchesCountsItems() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--threads",
            "2",
            "--workload",
            "packet",
            "--batch",
            "16",
            "--duration",
            "300ms",
            "--warmup",
            "50ms",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Object> json = FlatJson.parse(run.out());
    assertThat(json.get("workload")).isEqualTo("packet");
    assertThat(number(json, "batch")).isEqualTo(16);
    assertConsistent(json, 0.3);
    // Every call carries 16 packets and no packet fails on the in-memory store.
    assertThat(number(json, "operations") % 16).isZero();
  }

  @Test
  void autoBatchWrapsTheTracker() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--threads",
            "4",
            "--auto-batch",
            "--duration",
            "300ms",
            "--warmup",
            "0s",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Object> json = FlatJson.parse(run.out());
    assertThat(json.get("autoBatch")).isEqualTo(true);
    assertConsistent(json, 0.3);
  }

  @Test
  void autoBatchSettingsReachTheWrapperAndAreReported() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--threads",
            "4",
            "--auto-batch",
            "--max-batch",
            "3",
            "--batches-in-flight",
            "2",
            "--duration",
            "300ms",
            "--warmup",
            "0s",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Object> json = FlatJson.parse(run.out());
    assertThat(number(json, "maxBatch")).isEqualTo(3);
    assertThat(number(json, "batchesInFlight")).isEqualTo(2);
    assertThat(number(json, "dispatches")).isPositive();
    // Every dispatch carries 1 to maxBatch calls, so the mean lies between them.
    assertThat(decimal(json, "meanBatchSize")).isBetween(1.0, 3.0);
    assertConsistent(json, 0.3);
  }

  @Test
  void autoBatchDefaultsAreTheWrappersDefaultsAndShownInText() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--threads",
            "2",
            "--auto-batch",
            "--duration",
            "200ms",
            "--warmup",
            "0s");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "auto-batch  max batch "
                + AutoBatchingBalanceTracker.DEFAULT_MAX_BATCH_SIZE
                + ", "
                + AutoBatchingBalanceTracker.DEFAULT_MAX_CONCURRENT_BATCHES
                + " batches in flight;")
        .contains("mean batch");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--max-batch|8|--max-batch only applies with --auto-batch",
        "--batches-in-flight|2|--batches-in-flight only applies with --auto-batch",
      })
  void autoBatchSettingsNeedAutoBatch(String option, String value, String message) {
    CliRun run = CliRun.of("bench", "balances", "--duration", "1ms", option, value);

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(message);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--max-batch|0|--max-batch must be between 1 and 10000, was 0",
        "--max-batch|10001|--max-batch must be between 1 and 10000, was 10001",
        "--batches-in-flight|0|--batches-in-flight must be between 1 and 64, was 0",
        "--batches-in-flight|65|--batches-in-flight must be between 1 and 64, was 65",
      })
  void autoBatchSettingsOutOfRangeAreUsageErrors(String option, String value, String message) {
    CliRun run = CliRun.of("bench", "balances", "--duration", "1ms", "--auto-batch", option, value);

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains(message).contains("ledgerkit bench balances --help");
  }

  @Test
  void textOutputNamesThroughputAndPercentiles() {
    CliRun run =
        CliRun.of("bench", "balances", "--threads", "1", "--duration", "200ms", "--warmup", "0s");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("store memory, workload prepare, 1 threads")
        .contains("ops/s")
        .contains("p50 ")
        .contains("p99 ")
        .contains("p99.9 ")
        .contains("per prepare call");
    // Not a terminal: no progress line with carriage returns.
    assertThat(run.out() + run.err()).doesNotContain("\r");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--threads|0|--threads must be between 1 and 4096, was 0",
        "--threads|-3|was -3",
        "--threads|many|'many'",
        "--duration|abc|'abc' is not a duration",
        "--duration|0s|--duration must be longer than zero",
        "--warmup|soon|'soon' is not a duration",
        "--batch|0|--batch must be between 1 and 100000, was 0",
        "--accounts|0|--accounts must be between 1 and 10000000, was 0",
        "--workload|transfer|'transfer' is not a workload; use prepare or packet",
        "--store|nosuch|unknown store 'nosuch'; use one of memory",
        "--url|redis://127.0.0.1:6379|--store memory takes no --url (got 'redis://127.0.0.1:6379')",
      })
  void badValuesAreUsageErrorsNamingTheValue(String option, String value, String message) {
    // A short duration keeps the test quick should a value be wrongly accepted.
    CliRun run =
        option.equals("--duration")
            ? CliRun.of("bench", "balances", option, value)
            : CliRun.of("bench", "balances", "--duration", "1ms", option, value);

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).contains(message).contains("ledgerkit bench balances --help");
  }

  @Test
  void packetNeedsTwoAccounts() {
    CliRun run = CliRun.of("bench", "balances", "--workload", "packet", "--accounts", "1");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE);
    assertThat(run.err()).contains("--accounts must be between 2 and");
  }

  private static void assertConsistent(Map<String, Object> json, double minSeconds) {
    long operations = number(json, "operations");
    double seconds = decimal(json, "seconds");
    double opsPerSecond = decimal(json, "opsPerSecond");
    assertThat(operations).isPositive();
    assertThat(number(json, "errors")).isZero();
    assertThat(seconds).isGreaterThanOrEqualTo(minSeconds).isLessThan(minSeconds + 5);
    // seconds is printed with 3 decimals, so the ratio is exact to about 0.2 % at 0.3 s.
    assertThat(opsPerSecond).isCloseTo(operations / seconds, within(operations / seconds * 0.005));
    double p50 = decimal(json, "p50Micros");
    double p99 = decimal(json, "p99Micros");
    double p999 = decimal(json, "p999Micros");
    assertThat(p50).isPositive();
    assertThat(p50).isLessThanOrEqualTo(p99);
    assertThat(p99).isLessThanOrEqualTo(p999);
  }

  private static long number(Map<String, Object> json, String key) {
    return ((BigDecimal) json.get(key)).longValueExact();
  }

  private static double decimal(Map<String, Object> json, String key) {
    return ((BigDecimal) json.get(key)).doubleValue();
  }
}
