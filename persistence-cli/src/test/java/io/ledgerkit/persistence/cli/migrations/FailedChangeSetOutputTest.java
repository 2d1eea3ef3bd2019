package io.ledgerkit.persistence.cli.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A change set that fails prints one line naming it, its file and the database's message; the trace
 * only with {@code --verbose}. Runs the real {@code main} in a fresh JVM, so the command's own
 * logging setup (slf4j-simple, Liquibase's log) is what prints.
 */
class FailedChangeSetOutputTest {

  @TempDir Path dir;

  /** An exit code and the non-empty lines of standard error. */
  private record Run(int exit, List<String> lines) {}

  private Run ledgerkit(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LedgerkitCli.class.getName());
    command.addAll(List.of(args));
    Path stdout = dir.resolve("stdout.txt");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), err.lines().filter(l -> !l.isBlank()).toList());
  }

  private Run migrate(Path plugins, String... more) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "migrate",
                "--working-dir",
                dir.toString(),
                "--plugins",
                plugins.toString(),
                "--schema",
                "plugin-ledger"));
    args.addAll(List.of(more));
    return ledgerkit(args.toArray(String[]::new));
  }

  @Test
  void aFailedChangeSetPrintsOneLineAndTheTraceOnlyWithVerbose() throws Exception {
    Path plugins = PluginJars.build(dir.resolve("build"), PluginJars.INVALID_SQL);

    Run quiet = migrate(plugins);
    assertThat(quiet.exit()).as(quiet.lines().toString()).isNotZero();
    assertThat(quiet.lines()).as(String.join("\n", quiet.lines())).hasSize(1);
    assertThat(quiet.lines().get(0))
        .startsWith("ledgerkit: error: ")
        .contains("plugin-ledger-broken")
        .contains("migration/plugin-ledger.changelog-master.xml")
        .containsIgnoringCase("TABEL");

    Run verbose = migrate(plugins, "--verbose");
    assertThat(verbose.exit()).isEqualTo(quiet.exit());
    assertThat(verbose.lines()).hasSizeGreaterThan(10);
    assertThat(String.join("\n", verbose.lines()))
        .contains("ledgerkit: error: ")
        .contains("\tat liquibase.");
  }
}
