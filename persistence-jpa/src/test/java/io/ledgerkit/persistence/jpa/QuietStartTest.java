package io.ledgerkit.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.config.LedgerkitConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One application start (migrations included) at default logging settings prints only a handful of
 * lines. Runs a real start on H2 in a fresh JVM with slf4j-simple at its default level (INFO), so
 * nothing this test JVM configured hides any output.
 */
class QuietStartTest {

  /** The child process: one start with migrations on a fresh H2 database, then stop. */
  public static void main(String[] args) {
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl("jdbc:h2:mem:quiet-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
            .runMigration(true)
            .load();
    try (Ledgerkit ledgerkit = Ledgerkit.start(config)) {
      System.out.println("STARTED");
    }
  }

  /** Runs one start in a fresh JVM with the given slf4j-simple settings; returns its output. */
  private static List<String> startPrinting(String... settings) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    // System properties override the test-scope simplelogger.properties.
    command.addAll(List.of(settings));
    command.add(QuietStartTest.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<String> lines = out.lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(out).contains("STARTED");
    return lines;
  }

  @Test
  void oneStartWithMigrationsPrintsAtMostAHandfulOfLines() throws Exception {
    // The settings docs/logging.md recommends (and the examples ship): WARN, ledgerkit at INFO.
    List<String> lines =
        startPrinting(
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Dorg.slf4j.simpleLogger.log.io.ledgerkit=info");
    // Starting, one line per migrated schema (3), started, stopped; before: 192 lines.
    assertThat(lines.stream().filter(l -> !l.equals("STARTED")).toList())
        .as("lines printed by one start:%n%s", String.join("\n", lines))
        .hasSizeLessThanOrEqualTo(6);
    assertThat(lines).anyMatch(l -> l.contains("migrated schema ConnectorSchema: 3 change set"));
  }

  @Test
  void atSlf4jDefaultsLiquibaseAndHibernateGoThroughTheBindingAndLiquibaseInfoIsNotShown()
      throws Exception {
    List<String> lines = startPrinting("-Dorg.slf4j.simpleLogger.defaultLogLevel=info");
    String all = String.join("\n", lines);
    // java.util.logging's console format ("INFO: ...", "WARNING: ...") would mean a bypass.
    assertThat(lines).as(all).noneMatch(l -> l.matches("^(INFO|WARNING|SEVERE|CONFIG): .*"));
    assertThat(lines).as(all).noneMatch(l -> l.contains(" liquibase"));
    // Hibernate's INFO start-up chatter is DEBUG (HibernateLogProvider); what remains is
    // HikariCP's pool start and stop (5 lines) and the library's own 6 lines.
    assertThat(lines).as(all).noneMatch(l -> l.contains("INFO org.hibernate"));
    assertThat(lines.stream().filter(l -> !l.equals("STARTED")).toList())
        .as("lines printed by one start at slf4j-simple's defaults:%n%s", all)
        .hasSizeLessThanOrEqualTo(11);
  }

  @Test
  void hibernateInfoComesBackWhenTheApplicationChoosesItsBackend() throws Exception {
    List<String> lines =
        startPrinting(
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-Dorg.jboss.logging.provider=slf4j");
    assertThat(lines).as(String.join("\n", lines)).anyMatch(l -> l.contains("INFO org.hibernate"));
  }
}
