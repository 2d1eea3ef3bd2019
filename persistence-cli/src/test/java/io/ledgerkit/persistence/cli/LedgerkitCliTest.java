package io.ledgerkit.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Exit codes, help, version and error reporting of the {@code ledgerkit} command. */
class LedgerkitCliTest {

  /** A command that fails the way a store or a database fails, for the error handling tests. */
  @Command(name = "fail")
  static final class FailingCommand implements Runnable {
    @Override
    public void run() {
      throw new IllegalStateException(
          "cannot reach jdbc:postgresql://db:5432/ledger?user=app&password=s3cret",
          new java.net.ConnectException("Connection refused"));
    }
  }

  private static final java.util.function.Consumer<CommandLine> WITH_FAILING =
      cl -> cl.addSubcommand("fail", new FailingCommand());

  @Test
  void versionPrintsTheProjectVersion() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("ledgerkit ").doesNotContain("${project.version}");
    assertThat(run.out().lines().findFirst().orElseThrow()).matches("ledgerkit \\d+\\.\\d+.*");
  }

  @Test
  void helpListsTheCommands() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: ledgerkit").contains("bench").contains("--verbose");
  }

  @Test
  void noCommandIsAUsageError() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE).isEqualTo(2);
    assertThat(run.err()).contains("missing command").contains("bench");
  }

  @Test
  void unknownOptionIsAUsageErrorNamingIt() {
    CliRun run = CliRun.of("bench", "balances", "--thread", "4");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--thread").contains("--threads");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void operationalFailurePrintsOneLineWithoutStackTraceAndExitsOne() {
    CliRun run = CliRun.of(WITH_FAILING, "fail");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_FAILURE).isEqualTo(1);
    assertThat(run.errLines())
        .containsExactly(
            "ledgerkit: error: cannot reach jdbc:postgresql://db:5432/ledger?user=app&password=****"
                + " (caused by: Connection refused)");
    assertThat(run.err()).doesNotContain("s3cret").doesNotContain("\tat ");
  }

  @Test
  void verbosePrintsTheStackTraceWithPasswordsMasked() {
    CliRun run = CliRun.of(WITH_FAILING, "fail", "--verbose");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains("java.lang.IllegalStateException")
        .contains("at io.ledgerkit.persistence.cli.LedgerkitCliTest$FailingCommand.run")
        .contains("Caused by: java.net.ConnectException")
        .doesNotContain("s3cret");
  }

  @Test
  void verboseOnTheTopCommandAlsoCounts() {
    CliRun run = CliRun.of(WITH_FAILING, "--verbose", "fail");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("at io.ledgerkit.persistence.cli.LedgerkitCliTest");
  }

  @Test
  void credentialsAreMaskedInUrlsAndParameters() {
    assertThat(LedgerkitCli.maskCredentials("redis://alice:pw123@10.0.0.1:6379/0"))
        .isEqualTo("redis://alice:****@10.0.0.1:6379/0");
    assertThat(LedgerkitCli.maskCredentials("jdbc:sqlserver://h;user=sa;password=Secret1;db=x"))
        .isEqualTo("jdbc:sqlserver://h;user=sa;password=****;db=x");
    assertThat(LedgerkitCli.maskCredentials("no secrets here")).isEqualTo("no secrets here");
  }
}
