package io.ledgerkit.persistence.it.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two separate JVMs migrate one empty PostgreSQL schema at the same moment: in-process locking
 * cannot help here, only Liquibase's lock table (and the retry when both create it at once).
 */
class TwoProcessMigrationTest {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  @Test
  void twoProcessesApplyEachChangeSetExactlyOnce(TestDatabase d) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      processes.add(
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  System.getProperty("java.class.path"),
                  MigrateMain.class.getName(),
                  d.jdbcUrl(),
                  d.user() == null ? "" : d.user(),
                  d.password() == null ? "" : d.password())
              .redirectErrorStream(true)
              .start());
    }
    int applied = 0;
    Pattern count = Pattern.compile("applied=(\\d+)");
    for (Process p : processes) {
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process finished").isTrue();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as(output).isZero();
      Matcher m = count.matcher(output);
      assertThat(m.find()).as(output).isTrue();
      applied += Integer.parseInt(m.group(1));
    }
    assertThat(applied).isEqualTo(5);
    assertThat(Metadata.history(d)).hasSize(5).doesNotHaveDuplicates();
  }
}
