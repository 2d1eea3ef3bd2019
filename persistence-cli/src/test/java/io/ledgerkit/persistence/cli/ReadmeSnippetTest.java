package io.ledgerkit.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.PendingSettlement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's quick-start snippet is this file's code between the {@code readme-snippet} markers,
 * preceded by this file's {@code io.ledgerkit} imports: it is compiled and run here, and the README
 * must contain both verbatim, so the two cannot drift.
 */
class ReadmeSnippetTest {

  private static final Path README = Path.of("..", "README.md");
  private static final Path SELF =
      Path.of("src/test/java/io/ledgerkit/persistence/cli/ReadmeSnippetTest.java");

  @Test
  void quickStartRunsAsDescribed() {
    // readme-snippet:start
    BalanceTracker tracker = AutoBatchingBalanceTracker.wrap(InMemoryBalanceTracker.create());
    AccountId alice = AccountId.of("alice");
    AccountId bob = AccountId.of("bob");

    // A packet from alice to bob: reserve 250 on alice (never below -1,000), then credit bob.
    tracker.prepare(alice, 250, -1_000);
    FulfillResult fulfilled = tracker.fulfill(bob, 250, BalanceSettings.settleAt(200, 0));

    // bob's clearing balance reached the threshold 200: 250 moved into a pending settlement.
    PendingSettlement settlement = fulfilled.pendingSettlement().orElseThrow();
    tracker.settlementSucceeded(settlement.id());

    boolean refused = false;
    try {
      tracker.prepare(alice, 800, -1_000); // would leave -1,050
    } catch (InsufficientBalanceException e) {
      refused = true; // a refusal changes nothing
    }
    long aliceNet = tracker.balance(alice).netBalance(); // -250
    long bobNet = tracker.balance(bob).netBalance(); // 0
    tracker.close();
    // readme-snippet:end

    assertThat(settlement.amount()).isEqualTo(250);
    assertThat(refused).isTrue();
    assertThat(aliceNet).isEqualTo(-250);
    assertThat(bobNet).isZero();
  }

  @Test
  void readmeContainsTheSnippetVerbatim() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);

    assertThat(readme).contains(snippetImports());
    assertThat(readme).contains(section("readme-snippet", 4));
  }

  @Test
  void readmeTestCommandIsWhatCiRuns() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    String ci = Files.readString(Path.of("..", ".ci", "run"), StandardCharsets.UTF_8);

    assertThat(readme).contains("./mvnw -B verify");
    // Twice: first with every LEDGERKIT_* variable removed (the newcomer's embedded servers),
    // last against the local services the script exported.
    assertThat(ci).contains("\nenv \"${newcomer_env[@]}\" ./mvnw -B verify\n");
    assertThat(ci.indexOf("newcomer_env+=(-u \"$name\")"))
        .isNotNegative()
        .isLessThan(ci.indexOf("env \"${newcomer_env[@]}\" ./mvnw -B verify"));
    assertThat(ci).endsWith("\n./mvnw -B verify\n");
  }

  /** This file's imports of the library, the ones the snippet needs, as one block. */
  private static String snippetImports() throws IOException {
    StringBuilder b = new StringBuilder();
    for (String line : Files.readAllLines(SELF, StandardCharsets.UTF_8)) {
      if (line.startsWith("import io.ledgerkit.")) {
        b.append(line).append('\n');
      }
    }
    assertThat(b).as("imports of the snippet").isNotEmpty();
    return b.toString();
  }

  /** The lines between the markers, with the method body's indentation removed. */
  private static String section(String marker, int indent) throws IOException {
    List<String> lines = Files.readAllLines(SELF, StandardCharsets.UTF_8);
    int start = lines.indexOf(" ".repeat(indent) + "// " + marker + ":start");
    int end = lines.indexOf(" ".repeat(indent) + "// " + marker + ":end");
    assertThat(start).as(marker + " markers").isNotNegative().isLessThan(end);
    StringBuilder b = new StringBuilder();
    for (String line : lines.subList(start + 1, end)) {
      b.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
    }
    return b.toString();
  }
}
