package io.ledgerkit.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start runs as described (its code is {@link QuickStart}'s {@code quick-start}
 * regions, which {@code DocSnippetsTest} compares with the README's block), and the README's test
 * command is what CI runs.
 */
class ReadmeSnippetTest {

  private static final Path README = Path.of("..", "README.md");

  @Test
  void quickStartRunsAsDescribed() {
    QuickStart.Outcome outcome = QuickStart.run();

    assertThat(outcome.settled()).isEqualTo(250);
    assertThat(outcome.refused()).isTrue();
    assertThat(outcome.aliceNet()).isEqualTo(-250);
    assertThat(outcome.bobNet()).isZero();
  }

  @Test
  void theQuickStartBlockIsMarkedAsItsSource() throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);

    // DocSnippetsTest compares the block after this marker with QuickStart's quick-start regions.
    assertThat(readme)
        .contains(
            "<!-- snippet: persistence-cli/src/test/java/io/ledgerkit/persistence/cli/"
                + "QuickStart.java#quick-start -->\n```java\nimport io.ledgerkit.");
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
}
