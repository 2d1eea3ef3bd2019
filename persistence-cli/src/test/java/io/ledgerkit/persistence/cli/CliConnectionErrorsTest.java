package io.ledgerkit.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection, URL and driver errors of the CLI: one line, the masked URL, host and port, and the
 * exit codes of docs/cli.md. Port 1 on loopback refuses every connection at once.
 */
class CliConnectionErrorsTest {

  @TempDir Path dir;

  private CliRun migrate(String url) {
    return CliRun.of("migrate", "--working-dir", dir.toString(), "--url", url);
  }

  @Test
  void mysqlCommunicationsLinkFailureNamesHostPortAndMaskedUrl() {
    CliRun run = migrate("jdbc:mysql://127.0.0.1:1/x?user=root&password=s3cret");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_FAILURE);
    assertThat(run.errLines())
        .containsExactly(
            "ledgerkit: error: cannot connect to jdbc:mysql://127.0.0.1:1/x?user=root&password=****"
                + " (127.0.0.1:1): connection refused");
  }

  @Test
  void mariadbUrlHasADriver() {
    CliRun run = migrate("jdbc:mariadb://127.0.0.1:1/x?user=root");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_FAILURE);
    assertThat(run.errLines())
        .containsExactly(
            "ledgerkit: error: cannot connect to jdbc:mariadb://127.0.0.1:1/x?user=root"
                + " (127.0.0.1:1): connection refused");
  }

  @Test
  void sqlServerUrlHasADriver() {
    CliRun run = migrate("jdbc:sqlserver://127.0.0.1:1;databaseName=x;password=s3cret");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_FAILURE);
    assertThat(run.errLines())
        .containsExactly(
            "ledgerkit: error: cannot connect to jdbc:sqlserver://127.0.0.1:1;databaseName=x;"
                + "password=**** (127.0.0.1:1): connection refused");
  }

  @Test
  void oracleUrlHasADriver() {
    CliRun run = migrate("jdbc:oracle:thin:@127.0.0.1:1/x");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_FAILURE);
    assertThat(run.errLines())
        .containsExactly(
            "ledgerkit: error: cannot connect to jdbc:oracle:thin:@127.0.0.1:1/x (127.0.0.1:1):"
                + " connection refused");
  }

  @Test
  void postgresRefusedNamesTheMaskedUrl() {
    CliRun run = migrate("jdbc:postgresql://127.0.0.1:1/x?user=a&password=s3cret");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_FAILURE);
    assertThat(run.errLines())
        .containsExactly(
            "ledgerkit: error: cannot connect to jdbc:postgresql://127.0.0.1:1/x?user=a&password=****"
                + " (127.0.0.1:1): connection refused");
  }

  @Test
  void malformedJdbcUrlAndMalformedRedisUrlAreBothUsageErrors() {
    CliRun jdbc = migrate("jdbc:foo:bar");
    CliRun redis =
        CliRun.of(
            "bench", "balances", "--store", "redis", "--url", "redis://x:y:z", "--duration", "1ms");

    assertThat(jdbc.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE);
    assertThat(redis.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE);
    assertThat(jdbc.errLines().get(0))
        .startsWith("ledgerkit: usage error: Invalid Ledgerkit configuration")
        .doesNotContain("Error:");
    assertThat(jdbc.err()).contains("jdbc:foo:bar");
    assertThat(redis.errLines().get(0)).startsWith("ledgerkit: usage error: 'redis://x:y:z'");
    assertThat(Files.exists(dir.resolve("ledgerkit-data"))).isFalse();
  }

  @Test
  void redisUrlHintShowsThePasswordPlaceholder() {
    CliRun redis =
        CliRun.of(
            "bench", "balances", "--store", "redis", "--url", "redis://x:y:z", "--duration", "1ms");

    assertThat(redis.err())
        .contains("redis://[user:password@]host[:port]")
        .doesNotContain("user:****");
  }

  @Test
  void emptyUrlIsAUsageErrorNotTheDefaultDatabase() {
    CliRun run = migrate("");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE);
    assertThat(run.errLines().get(0)).startsWith("ledgerkit: usage error: --url is empty");
    assertThat(Files.exists(dir.resolve("ledgerkit-data"))).isFalse();
  }

  @Test
  void verifyCreatesNothing() {
    CliRun run = CliRun.of("verify", "--working-dir", dir.toString());

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_FAILURE);
    assertThat(run.errLines().get(0))
        .startsWith("ledgerkit: database jdbc:h2:file:")
        .contains("does not exist; ")
        .doesNotContain("jdbc:h2:mem:");
    assertThat(run.err()).contains("ledgerkit migrate");
    assertThat(Files.exists(dir.resolve("ledgerkit-data"))).isFalse();
  }

  @Test
  void firstMigrationLeavesNoH2TraceFile() throws Exception {
    CliRun run = CliRun.of("migrate", "--working-dir", dir.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    try (Stream<Path> files = Files.list(dir.resolve("ledgerkit-data"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".trace.db"));
    }
  }

  @Test
  void deadPostgresBenchStoreSaysConnectionRefused() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--store",
            "postgres",
            "--url",
            "jdbc:postgresql://127.0.0.1:1/x?user=a&password=s3cret",
            "--duration",
            "1s");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_FAILURE);
    assertThat(run.errLines())
        .containsExactly(
            "ledgerkit: error: cannot connect to jdbc:postgresql://127.0.0.1:1/x?user=a&password=****"
                + " (127.0.0.1:1): connection refused");
  }
}
