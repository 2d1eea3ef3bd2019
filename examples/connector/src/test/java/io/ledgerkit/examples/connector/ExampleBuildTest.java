package io.ledgerkit.examples.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The examples stay outside projects that follow the library's version: no parent POM, the BOM
 * imported at {@code ${ledgerkit.version}}, and that property equal to the library's version.
 */
class ExampleBuildTest {

  @Test
  void examplesImportTheBomOfTheCurrentLibraryVersionWithoutInheritingTheBuild()
      throws IOException {
    String root = Files.readString(Path.of("..", "..", "pom.xml"), StandardCharsets.UTF_8);
    Matcher v =
        Pattern.compile("<artifactId>persistence-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(root);
    assertThat(v.find()).as("the library's version in the root pom").isTrue();
    for (String example : new String[] {"connector", "node"}) {
      String pom = Files.readString(Path.of("..", example, "pom.xml"), StandardCharsets.UTF_8);
      assertThat(pom).as(example).doesNotContain("<parent>");
      assertThat(pom)
          .as(example)
          .contains("<ledgerkit.version>" + v.group(1) + "</ledgerkit.version>")
          .contains("<artifactId>persistence-bom</artifactId>")
          .contains("<scope>import</scope>");
    }
  }
}
