package io.ledgerkit.persistence.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.ledgerkit.persistence.config.docs.ConfigureExample;
import io.ledgerkit.persistence.config.docs.MaskingExample;
import io.ledgerkit.persistence.config.docs.TrackerExample;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/configuration.md true: its Java examples (the classes in {@code
 * io.ledgerkit.persistence.config.docs}, shown on the page through snippet markers that {@code
 * DocSnippetsTest} checks) run as described, its example files are loaded, its error example is the
 * exact message, and its key table matches {@link ConfigKeys} and the defaults.
 */
class ConfigurationDocsTest {

  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  record Block(String language, String text) {}

  private static String doc;
  private static List<Block> blocks;

  @BeforeAll
  static void readDoc() throws IOException {
    doc = Files.readString(DOC, StandardCharsets.UTF_8);
    blocks = new ArrayList<>();
    String[] lines = doc.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("```") && lines[i].length() > 3) {
        String language = lines[i].substring(3).trim();
        StringBuilder b = new StringBuilder();
        for (i++; !lines[i].startsWith("```"); i++) {
          b.append(lines[i]).append('\n');
        }
        blocks.add(new Block(language, b.toString()));
      }
    }
  }

  private static List<String> blocks(String language) {
    return blocks.stream().filter(b -> b.language().equals(language)).map(Block::text).toList();
  }

  @Test
  void theConfigureExampleRuns() {
    ConfigureExample.Result r = ConfigureExample.run();

    assertThat(r.url()).isEqualTo(DatabaseConfig.DEFAULT_URL);
    assertThat(r.config().database().user()).isEqualTo("ledger");
    assertThat(r.config().source("database.user")).isEqualTo(ConfigSource.ENVIRONMENT);
    assertThat(r.config().database().runMigration()).isTrue();
    assertThat(r.safeToLog()).contains("database.runMigration=true");
  }

  @Test
  void theMaskingExampleRuns() {
    assertThat(MaskingExample.run())
        .isEqualTo("jdbc:postgresql://db/ledger?user=app&password=****");
  }

  @Test
  void theTrackerExampleRuns() {
    assertThat(TrackerExample.run()).isEqualTo(10);
  }

  @Test
  void theExampleFileIsValidAndTheErrorExampleIsTheExactMessage() throws IOException {
    List<String> properties = blocks("properties");
    assertThat(properties).hasSize(2);

    LedgerkitConfig example =
        LedgerkitConfig.configure()
            .properties(load(properties.get(0)))
            .environment(Map.of())
            .load();
    assertThat(example.balance().redis().isCluster()).isTrue();
    assertThat(example.schemas().optionsFor("CashSchema").tablePrefix()).isEqualTo("cash_");
    assertThat(example.toString()).doesNotContain("change-me");

    assertThat(properties.get(1)).startsWith("# an invalid configuration");
    InvalidConfigurationException e =
        catchThrowableOfType(
            InvalidConfigurationException.class,
            () ->
                LedgerkitConfig.configure()
                    .properties(load(properties.get(1)))
                    .environment(Map.of())
                    .load());
    String expected = blocks("text").get(0).strip();
    assertThat(e.getMessage().replace(System.lineSeparator(), "\n")).isEqualTo(expected);
  }

  @Test
  void theKeyTableMatchesTheCode() {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : doc.split("\n")) {
      if (line.startsWith("| `database.")
          || line.startsWith("| `schemas.")
          || line.startsWith("| `balance.")) {
        String[] cells = line.split("\\|");
        String key = cells[1].strip().replace("`", "");
        rows.put(key, new String[] {cells[2].strip().replace("`", ""), cells[3]});
      }
    }
    List<String> expectedKeys = new ArrayList<>(ConfigKeys.keys());
    expectedKeys.add("schemas.<family>.tablePrefix");
    expectedKeys.add("schemas.<family>.databaseSchema");
    assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(expectedKeys);

    Map<String, String> defaults = LedgerkitConfig.defaults().toProperties();
    for (String key : ConfigKeys.keys()) {
      assertThat(rows.get(key)[0]).as(key).isEqualTo(ConfigKeys.environmentName(key));
      String value = defaults.get(key);
      if (value != null && !value.isEmpty()) {
        assertThat(rows.get(key)[1]).as("default of " + key).contains("`" + value + "`");
      }
    }
    assertThat(rows.get("schemas.<family>.tablePrefix")[0])
        .isEqualTo("LEDGERKIT_SCHEMAS_<FAMILY>_TABLE_PREFIX");
    assertThat(ConfigKeys.environmentName("schemas.Family.tablePrefix"))
        .isEqualTo("LEDGERKIT_SCHEMAS_FAMILY_TABLE_PREFIX");
  }

  private static Properties load(String text) throws IOException {
    Properties p = new Properties();
    p.load(new StringReader(text));
    return p;
  }
}
