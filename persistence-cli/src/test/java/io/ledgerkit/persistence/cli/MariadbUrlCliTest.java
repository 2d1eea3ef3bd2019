package io.ledgerkit.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ledgerkit migrate --url jdbc:mariadb:...}: the MariaDB driver in the CLI, against the
 * MySQL/MariaDB the testkit resolves (skipped with the testkit's reason when there is none).
 */
class MariadbUrlCliTest {

  @RegisterExtension static final TestDatabaseExtension mysql = TestDatabaseExtension.mysql();

  @TempDir Path dir;

  private String[] args(String command, TestDatabase d) {
    String url = d.jdbcUrl().replaceFirst("^jdbc:mysql:", "jdbc:mariadb:");
    List<String> args =
        new ArrayList<>(List.of(command, "--working-dir", dir.toString(), "--url", url));
    if (d.user() != null) {
      args.addAll(List.of("--user", d.user()));
    }
    if (d.password() != null && !d.password().isEmpty()) {
      args.addAll(List.of("--password", d.password()));
    }
    return args.toArray(String[]::new);
  }

  @Test
  void migrateThroughAMariadbUrlThenVerifyPasses() {
    TestDatabase d = mysql.database();

    CliRun run = CliRun.of(args("migrate", d));
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Migrating jdbc:mariadb:").contains("Applied ");

    CliRun verify = CliRun.of(args("verify", d));
    assertThat(verify.exitCode()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("is up to date");
  }
}
