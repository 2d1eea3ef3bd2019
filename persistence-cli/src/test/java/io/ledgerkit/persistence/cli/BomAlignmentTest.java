package io.ledgerkit.persistence.cli;

import static io.ledgerkit.persistence.cli.PomXml.child;
import static io.ledgerkit.persistence.cli.PomXml.children;
import static io.ledgerkit.persistence.cli.PomXml.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The BOM ({@code persistence-bom/pom.xml}) has no parent, so its versions are a copy of the parent
 * POM's: this test fails when the two drift apart, or when a library or module managed by the
 * parent is missing from the BOM.
 */
class BomAlignmentTest {

  private static Pom parent;
  private static Pom bom;

  @BeforeAll
  static void readPoms() throws Exception {
    parent = Pom.read(Path.of("..", "pom.xml"));
    bom = Pom.read(Path.of("..", "persistence-bom", "pom.xml"));
  }

  @Test
  void bomHasTheParentsVersion() {
    assertThat(bom.version).isEqualTo(parent.version);
    assertThat(bom.groupId).isEqualTo(parent.groupId);
  }

  @Test
  void everyBomPropertyEqualsTheParents() {
    assertThat(bom.properties).isNotEmpty();
    bom.properties.forEach(
        (name, value) ->
            assertThat(parent.properties.get(name))
                .as("property %s in persistence-bom/pom.xml vs pom.xml", name)
                .isEqualTo(value));
  }

  @Test
  void everyBomManagedDependencyEqualsTheParents() {
    assertThat(bom.managed).isNotEmpty();
    bom.managed.forEach(
        (key, managed) -> {
          assertThat(parent.managed)
              .as("%s managed in the BOM but not in the parent", key)
              .containsKey(key);
          assertThat(managed)
              .as("%s: version, type, scope and exclusions in the BOM vs the parent", key)
              .isEqualTo(parent.managed.get(key));
        });
  }

  @Test
  void everyArtifactManagedByTheParentIsInTheBom() {
    assertThat(new TreeSet<>(bom.managed.keySet()))
        .as("the BOM must manage everything the parent manages")
        .containsAll(parent.managed.keySet());
  }

  @Test
  void everyPublishedModuleIsInTheBom() {
    List<String> published = new ArrayList<>();
    for (String module : parent.modules) {
      String artifact = Path.of(module).getFileName().toString();
      if (artifact.startsWith("persistence-")
          && !artifact.equals("persistence-bom")
          && !artifact.equals("persistence-integration-tests")
          && !artifact.equals("persistence-benchmarks")) {
        published.add(parent.groupId + ":" + artifact);
      }
    }
    assertThat(published).isNotEmpty();
    assertThat(bom.managed.keySet()).containsAll(published);
  }

  /**
   * A managed dependency with its version resolved against its own POM's properties.
   *
   * @param version the resolved version
   * @param type the type ({@code jar} when absent)
   * @param scope the scope ({@code compile} when absent)
   * @param exclusions the excluded {@code groupId:artifactId} pairs, sorted
   */
  record Managed(String version, String type, String scope, TreeSet<String> exclusions) {}

  /** The parts of a POM this test compares. */
  private static final class Pom {
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    String groupId;
    String version;
    final Map<String, String> properties = new LinkedHashMap<>();
    final Map<String, Managed> managed = new LinkedHashMap<>();
    final List<String> modules = new ArrayList<>();

    static Pom read(Path file) throws Exception {
      Element project = PomXml.read(file);
      Pom pom = new Pom();
      pom.groupId = text(project, "groupId");
      pom.version = text(project, "version");
      Element props = child(project, "properties");
      if (props != null) {
        for (Element p : children(props)) {
          pom.properties.put(p.getTagName(), p.getTextContent().strip());
        }
      }
      Element modules = child(project, "modules");
      if (modules != null) {
        children(modules).forEach(m -> pom.modules.add(m.getTextContent().strip()));
      }
      Element management = child(project, "dependencyManagement");
      Element deps = management == null ? null : child(management, "dependencies");
      assertThat(deps).as("dependencyManagement of " + file).isNotNull();
      for (Element d : children(deps)) {
        String key = text(d, "groupId") + ":" + text(d, "artifactId");
        TreeSet<String> exclusions = new TreeSet<>();
        Element ex = child(d, "exclusions");
        if (ex != null) {
          for (Element e : children(ex)) {
            exclusions.add(text(e, "groupId") + ":" + text(e, "artifactId"));
          }
        }
        String type = text(d, "type");
        String scope = text(d, "scope");
        pom.managed.put(
            key,
            new Managed(
                pom.resolve(text(d, "version")),
                type == null ? "jar" : type,
                scope == null ? "compile" : scope,
                exclusions));
      }
      return pom;
    }

    String resolve(String value) {
      if (value == null) {
        return null;
      }
      Matcher m = PROPERTY.matcher(value);
      StringBuilder b = new StringBuilder();
      while (m.find()) {
        String name = m.group(1);
        String replacement =
            name.equals("project.version") ? version : properties.getOrDefault(name, m.group());
        m.appendReplacement(b, Matcher.quoteReplacement(replacement));
      }
      m.appendTail(b);
      return b.toString();
    }
  }
}
