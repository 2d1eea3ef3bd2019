package io.ledgerkit.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the code on the documentation pages equal to the compiled, tested code it comes from. A
 * fenced block right after {@code <!-- snippet: PATH -->} (a file of the repository, shown whole)
 * or {@code <!-- snippet: PATH#TAG -->} (the lines between {@code tag::TAG[]} and {@code
 * end::TAG[]} in PATH, each region without its common indentation, regions joined in order) must be
 * exactly that text; the test names the page and the snippet that differ.
 */
class DocSnippetsTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern MARKER = Pattern.compile("^<!-- snippet: (\\S+?)(?:#(\\S+))? -->$");
  private static final Pattern ANY_TAG = Pattern.compile("(tag|end)::[\\w.-]+\\[\\]");

  /** One marked block: where it is, what it names, what the page shows. */
  record Snippet(Path page, int line, String path, String tag, String text) {
    String name() {
      return ROOT.relativize(page).normalize()
          + ":"
          + line
          + " ("
          + path
          + (tag == null ? "" : "#" + tag)
          + ")";
    }
  }

  @Test
  void everyMarkedBlockIsItsSource() throws IOException {
    List<Snippet> snippets = new ArrayList<>();
    for (Path page : pages()) {
      snippets.addAll(snippets(page));
    }
    assertThat(snippets).as("marked snippets in README.md and docs/").isNotEmpty();
    List<String> differing = new ArrayList<>();
    for (Snippet s : snippets) {
      String source = source(s);
      if (!source.equals(s.text())) {
        differing.add(s.name() + "\n--- page:\n" + s.text() + "--- source:\n" + source);
      }
    }
    assertThat(differing).as("snippets that differ from their source").isEmpty();
  }

  @Test
  void everyJavaBlockOfTheCheckedPagesIsMarked() throws IOException {
    List<String> unmarked = new ArrayList<>();
    for (String name :
        List.of(
            "README.md", "docs/getting-started.md", "docs/testing.md", "docs/configuration.md")) {
      List<String> lines = Files.readAllLines(ROOT.resolve(name), StandardCharsets.UTF_8);
      boolean inBlock = false;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (!line.startsWith("```")) {
          continue;
        }
        if (!inBlock
            && line.equals("```java")
            && (i == 0 || !MARKER.matcher(lines.get(i - 1).strip()).matches())) {
          unmarked.add(name + ":" + (i + 1));
        }
        inBlock = !inBlock;
      }
    }
    assertThat(unmarked)
        .as("Java blocks without a snippet marker (their code is not checked)")
        .isEmpty();
  }

  @Test
  void theGettingStartedPageShowsEveryFileOfItsProject() throws IOException {
    Path project = ROOT.resolve("examples/getting-started");
    List<String> shown =
        snippets(ROOT.resolve("docs/getting-started.md")).stream()
            .filter(s -> s.tag() == null)
            .map(Snippet::path)
            .toList();
    List<String> files;
    try (Stream<Path> walk = Files.walk(project)) {
      files =
          walk.filter(Files::isRegularFile)
              .map(p -> ROOT.relativize(p).normalize().toString().replace('\\', '/'))
              .filter(p -> !p.contains("/target/") && !p.contains("/ledgerkit-data/"))
              .toList();
    }
    assertThat(shown)
        .as("files shown on docs/getting-started.md")
        .containsExactlyInAnyOrderElementsOf(files);
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  private static List<Snippet> snippets(Path page) throws IOException {
    List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
    List<Snippet> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MARKER.matcher(lines.get(i).strip());
      if (!m.matches()) {
        continue;
      }
      int open = i + 1;
      assertThat(open < lines.size() && lines.get(open).startsWith("```"))
          .as(page + ":" + (i + 1) + ": a snippet marker must be followed by a fenced block")
          .isTrue();
      StringBuilder text = new StringBuilder();
      int j = open + 1;
      for (; j < lines.size() && !lines.get(j).startsWith("```"); j++) {
        text.append(lines.get(j)).append('\n');
      }
      assertThat(j)
          .as(page + ":" + (open + 1) + ": unclosed fenced block")
          .isLessThan(lines.size());
      found.add(new Snippet(page, i + 1, m.group(1), m.group(2), text.toString()));
      i = j;
    }
    return found;
  }

  private static String source(Snippet s) throws IOException {
    Path file = ROOT.resolve(s.path());
    assertThat(file).as(s.name() + ": the source file").isRegularFile();
    String content = Files.readString(file, StandardCharsets.UTF_8);
    if (s.tag() == null) {
      return content;
    }
    List<String> lines = content.lines().toList();
    StringBuilder out = new StringBuilder();
    List<String> region = null;
    int regions = 0;
    for (String line : lines) {
      if (line.contains("tag::" + s.tag() + "[]")) {
        region = new ArrayList<>();
      } else if (line.contains("end::" + s.tag() + "[]")) {
        assertThat(region).as(s.name() + ": end without tag").isNotNull();
        out.append(dedent(region));
        region = null;
        regions++;
      } else if (region != null && !ANY_TAG.matcher(line).find()) {
        region.add(line);
      }
    }
    assertThat(regions).as(s.name() + ": tagged regions in " + s.path()).isPositive();
    assertThat(region).as(s.name() + ": tag without end").isNull();
    return out.toString();
  }

  private static String dedent(List<String> region) {
    int indent =
        region.stream()
            .filter(l -> !l.isBlank())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    StringBuilder b = new StringBuilder();
    for (String line : region) {
      b.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
    }
    return b.toString();
  }
}
