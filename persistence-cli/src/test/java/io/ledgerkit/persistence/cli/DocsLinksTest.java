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
 * The front door stays true: the README, the changelog and every page under {@code docs/} link only
 * to files that exist, and the docs index links every topic page.
 */
class DocsLinksTest {

  private static final Path ROOT = Path.of("..");
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void relativeLinksPointToExistingFiles() throws IOException {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      Matcher m = LINK.matcher(Files.readString(page, StandardCharsets.UTF_8));
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("^[a-z]+:.*") || target.startsWith("#")) {
          continue; // external (https:, mailto:) or an anchor in the same page
        }
        String file = target.replaceFirst("#.*$", "");
        if (!Files.exists(page.getParent().resolve(file))) {
          broken.add(ROOT.relativize(page) + " -> " + target);
        }
      }
    }
    assertThat(broken).as("links to files that do not exist").isEmpty();
  }

  @Test
  void indexLinksEveryTopicPage() throws IOException {
    String index = Files.readString(ROOT.resolve("docs/index.md"), StandardCharsets.UTF_8);
    List<String> missing = new ArrayList<>();
    try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
      docs.map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".md") && !name.equals("index.md"))
          .filter(name -> !index.contains("](" + name))
          .forEach(missing::add);
    }
    assertThat(missing).as("pages under docs/ not linked from docs/index.md").isEmpty();
  }

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(ROOT.resolve("README.md"));
    pages.add(ROOT.resolve("CHANGELOG.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }
}
