package io.ledgerkit.persistence.cli;

import static io.ledgerkit.persistence.cli.PomXml.child;
import static io.ledgerkit.persistence.cli.PomXml.children;
import static io.ledgerkit.persistence.cli.PomXml.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * What Maven Central requires of every published POM: a name, a description, a project URL, a
 * licence, a developer and the SCM location, inherited from the parent POM or (for the BOM, which
 * has no parent) its own. Modules that are not published (integration tests, benchmarks, examples)
 * skip deploy, so a release cannot upload them by mistake.
 */
class PublishingMetadataTest {

  private static final Path ROOT = Path.of("..");

  @Test
  void theParentCarriesEverythingItsModulesInherit() throws Exception {
    Element parent = read(ROOT.resolve("pom.xml"));
    assertCentralMetadata(parent, "pom.xml");
    assertThat(parent.getAttribute("child.project.url.inherit.append.path"))
        .as("modules inherit the project URL as it is, not with their artifactId appended")
        .isEqualTo("false");
  }

  @Test
  void theBomCarriesItsOwn() throws Exception {
    Element bom = read(ROOT.resolve("persistence-bom/pom.xml"));
    assertThat(child(bom, "parent")).as("the BOM has no parent").isNull();
    assertCentralMetadata(bom, "persistence-bom/pom.xml");
  }

  @Test
  void everyPublishedModuleHasANameAndADescriptionAndInheritsTheRest() throws Exception {
    List<String> published = publishedModules();
    assertThat(published).contains("persistence-api", "persistence-cli");
    for (String module : published) {
      Element pom = read(ROOT.resolve(module).resolve("pom.xml"));
      String where = module + "/pom.xml";
      assertThat(text(pom, "name")).as("name in %s", where).isNotBlank();
      assertThat(text(pom, "description")).as("description in %s", where).isNotBlank();
      Element parent = child(pom, "parent");
      assertThat(parent).as("parent of %s", where).isNotNull();
      assertThat(text(parent, "artifactId")).isEqualTo("persistence-parent");
      for (String inherited : List.of("url", "licenses", "developers", "scm")) {
        assertThat(child(pom, inherited))
            .as("%s overrides <%s>; it must inherit the parent's", where, inherited)
            .isNull();
      }
      assertThat(deploySkipped(pom))
          .as("%s is published: deploy must not be skipped", where)
          .isFalse();
    }
  }

  @Test
  void modulesThatAreNotPublishedSkipDeploy() throws Exception {
    Element parent = read(ROOT.resolve("pom.xml"));
    List<String> unpublished = new ArrayList<>();
    for (String module : modules(parent)) {
      if (!published(module)
          && child(read(ROOT.resolve(module).resolve("pom.xml")), "parent") != null) {
        unpublished.add(module);
      }
    }
    assertThat(unpublished).contains("persistence-integration-tests", "persistence-benchmarks");
    for (String module : unpublished) {
      assertThat(deploySkipped(read(ROOT.resolve(module).resolve("pom.xml"))))
          .as("%s is not published: it must skip deploy", module)
          .isTrue();
    }
  }

  @Test
  void theReleaseProfileAttachesSourcesJavadocAndSignatures() throws Exception {
    Element parent = read(ROOT.resolve("pom.xml"));
    Element release = null;
    for (Element profile : children(child(parent, "profiles"))) {
      if ("release".equals(text(profile, "id"))) {
        release = profile;
      }
    }
    assertThat(release).as("a release profile in pom.xml").isNotNull();
    List<String> plugins = new ArrayList<>();
    for (Element plugin : children(child(child(release, "build"), "plugins"))) {
      plugins.add(text(plugin, "artifactId"));
    }
    assertThat(plugins).contains("maven-source-plugin", "maven-javadoc-plugin", "maven-gpg-plugin");
  }

  private static void assertCentralMetadata(Element pom, String where) {
    assertThat(text(pom, "name")).as("name in %s", where).isNotBlank();
    assertThat(text(pom, "description")).as("description in %s", where).isNotBlank();
    assertThat(text(pom, "url")).as("url in %s", where).startsWith("https://");
    Element licenses = child(pom, "licenses");
    assertThat(licenses).as("licenses in %s", where).isNotNull();
    assertThat(children(licenses)).as("licenses in %s", where).isNotEmpty();
    for (Element license : children(licenses)) {
      assertThat(text(license, "name")).as("license name in %s", where).isNotBlank();
      assertThat(text(license, "url")).as("license url in %s", where).startsWith("https://");
    }
    Element developers = child(pom, "developers");
    assertThat(developers).as("developers in %s", where).isNotNull();
    assertThat(children(developers)).as("developers in %s", where).isNotEmpty();
    for (Element developer : children(developers)) {
      assertThat(text(developer, "name")).as("developer name in %s", where).isNotBlank();
    }
    Element scm = child(pom, "scm");
    assertThat(scm).as("scm in %s", where).isNotNull();
    assertThat(text(scm, "connection")).as("scm connection in %s", where).startsWith("scm:git:");
    assertThat(text(scm, "developerConnection"))
        .as("scm developerConnection in %s", where)
        .startsWith("scm:git:");
    assertThat(text(scm, "url")).as("scm url in %s", where).startsWith("https://");
  }

  /** The modules a release publishes: the library modules, without the BOM (checked apart). */
  private static List<String> publishedModules() throws Exception {
    List<String> result = new ArrayList<>();
    for (String module : modules(read(ROOT.resolve("pom.xml")))) {
      if (published(module)) {
        result.add(module);
      }
    }
    return result;
  }

  private static boolean published(String module) {
    String name = Path.of(module).getFileName().toString();
    return name.startsWith("persistence-")
        && !name.equals("persistence-bom")
        && !name.equals("persistence-integration-tests")
        && !name.equals("persistence-benchmarks");
  }

  private static List<String> modules(Element parent) {
    List<String> result = new ArrayList<>();
    for (Element m : children(child(parent, "modules"))) {
      result.add(m.getTextContent().strip());
    }
    return result;
  }

  /** Whether the POM skips deploy, by the property or by the deploy plugin's configuration. */
  private static boolean deploySkipped(Element pom) {
    Element properties = child(pom, "properties");
    if (properties != null && "true".equals(text(properties, "maven.deploy.skip"))) {
      return true;
    }
    Element build = child(pom, "build");
    Element plugins = build == null ? null : child(build, "plugins");
    if (plugins != null) {
      for (Element plugin : children(plugins)) {
        Element configuration = child(plugin, "configuration");
        if ("maven-deploy-plugin".equals(text(plugin, "artifactId"))
            && configuration != null
            && "true".equals(text(configuration, "skip"))) {
          return true;
        }
      }
    }
    return false;
  }

  private static Element read(Path file) throws Exception {
    assertThat(Files.isRegularFile(file)).as("%s exists", file).isTrue();
    return PomXml.read(file);
  }
}
