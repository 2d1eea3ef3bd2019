package io.ledgerkit.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The exit-code table of docs/cli.md names exactly the codes {@link LedgerkitCli} returns, and puts
 * each error class where the CLI puts it (the behaviours themselves are pinned by {@link
 * CliConnectionErrorsTest} and {@link LedgerkitCliTest}).
 */
class DocsExitCodesTest {

  private static final Pattern ROW = Pattern.compile("(?m)^\\| `(\\d+)` \\| (.*)$");

  @Test
  void exitCodeTableMatchesTheCli() throws Exception {
    String page = Files.readString(Path.of("../docs/cli.md"), StandardCharsets.UTF_8);
    String section = page.substring(page.indexOf("### Exit codes"));
    section = section.substring(0, section.indexOf("\n\n", section.indexOf("| code |")));
    Map<Integer, String> rows = new TreeMap<>();
    Matcher m = ROW.matcher(section);
    while (m.find()) {
      rows.put(Integer.parseInt(m.group(1)), m.group(2));
    }

    assertThat(rows)
        .containsOnlyKeys(LedgerkitCli.EXIT_OK, LedgerkitCli.EXIT_FAILURE, LedgerkitCli.EXIT_USAGE);
    assertThat(rows.get(LedgerkitCli.EXIT_FAILURE))
        .contains("cannot connect to")
        .contains("outstanding migrations");
    assertThat(rows.get(LedgerkitCli.EXIT_USAGE))
        .contains("malformed or unsupported JDBC URL")
        .contains("--url ''")
        .contains("malformed Redis URL");
  }
}
