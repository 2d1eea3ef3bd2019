package io.ledgerkit.examples.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/getting-started.md is compiled and run here: its Java snippet is this file's code between
 * the {@code getting-started} markers (after this file's {@code io.ledgerkit} imports), its
 * properties file is the one this test starts from, and its dependency block is this module's BOM
 * import. The page must contain each verbatim.
 */
class GettingStartedTest {

  private static final Path DOC = Path.of("..", "..", "docs", "getting-started.md");
  private static final Path SELF =
      Path.of("src/test/java/io/ledgerkit/examples/node/GettingStartedTest.java");

  /** Where the page's database.url puts the H2 files (relative to the working directory). */
  private static final Path DATA = Path.of("ledgerkit-data");

  @TempDir Path dir;

  @BeforeEach
  @AfterEach
  void removeData() throws IOException {
    if (Files.exists(DATA)) {
      try (Stream<Path> files = Files.walk(DATA)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  @Test
  void theSnippetRunsAsThePageSays() throws IOException {
    Path configFile = dir.resolve("ledgerkit.properties");
    Files.writeString(configFile, fenced("properties"), StandardCharsets.UTF_8);
    Party bank = Parties.named("Bank A");
    Party shop = Parties.named("Shop B");

    // getting-started:start
    LedgerkitConfig config = LedgerkitConfig.builder().propertiesFile(configFile).build();
    try (Ledgerkit ledgerkit = Ledgerkit.start(config)) {
      // 1. Record a state in the vault, in one transaction.
      PersistenceDatabase db = ledgerkit.database();
      IouState iou = new IouState(bank, shop, 10_000, "EUR", "inv-1");
      StateRef ref = new StateRef(UUID.randomUUID().toString(), 0);
      db.transaction(
          session -> {
            db.vault().record(List.of(new StateAndRef<>(iou, ref)));
            return null;
          });
      int outstanding =
          db.transaction(
              session -> db.vault().unconsumed(IouSchemaV2.PersistentIouV2.class).size());

      // 2. Track a balance: a packet of 250 from alice to bob.
      BalanceTracker balances = ledgerkit.balanceTracker();
      AccountId alice = AccountId.of("alice");
      AccountId bob = AccountId.of("bob");
      balances.prepare(alice, 250, -1_000); // refused if alice would go below -1,000
      balances.fulfill(bob, 250, BalanceSettings.NONE);
      long aliceNet = balances.balance(alice).netBalance(); // -250
      // getting-started:end

      assertThat(outstanding).isEqualTo(1);
      assertThat(aliceNet).isEqualTo(-250);
      assertThat(balances.balance(bob).netBalance()).isEqualTo(250);
    }
    assertThat(DATA.resolve("ledgerkit.mv.db")).exists();
  }

  @Test
  void thePageContainsTheSnippetTheConfigurationAndTheDependencies() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    assertThat(doc).contains(imports());
    assertThat(doc).contains(section());
    String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
    String bom =
        pom.substring(
            pom.indexOf("  <dependencyManagement>"),
            pom.indexOf("</dependencyManagement>") + "</dependencyManagement>".length());
    assertThat(doc).contains(bom);
    assertThat(fenced("properties")).contains("database.runMigration=true");
    // The state type the page shows is the example's, verbatim.
    String state =
        Files.readString(
            Path.of("src/main/java/io/ledgerkit/examples/node/IouState.java"),
            StandardCharsets.UTF_8);
    assertThat(doc).contains(state.substring(state.indexOf("public record IouState")));
  }

  /** The first fenced block of a language in the page. */
  private static String fenced(String language) throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int start = doc.indexOf("```" + language + "\n");
    assertThat(start).as("a ```" + language + " block in " + DOC).isNotNegative();
    start += language.length() + 4;
    return doc.substring(start, doc.indexOf("```", start));
  }

  private static String imports() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String line : Files.readAllLines(SELF, StandardCharsets.UTF_8)) {
      if (line.startsWith("import io.ledgerkit.")) {
        b.append(line).append('\n');
      }
    }
    return b.toString();
  }

  /** The lines between the markers, without the method body's indentation of four spaces. */
  private static String section() throws IOException {
    List<String> lines = Files.readAllLines(SELF, StandardCharsets.UTF_8);
    int start = -1;
    int end = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("// getting-started:start")) {
        start = i;
      } else if (lines.get(i).strip().equals("// getting-started:end")) {
        end = i;
      }
    }
    assertThat(start).as("snippet markers").isNotNegative().isLessThan(end);
    StringBuilder b = new StringBuilder();
    for (String line : lines.subList(start + 1, end)) {
      b.append(line.length() >= 4 ? line.substring(4) : line.strip()).append('\n');
    }
    return b.toString();
  }
}
