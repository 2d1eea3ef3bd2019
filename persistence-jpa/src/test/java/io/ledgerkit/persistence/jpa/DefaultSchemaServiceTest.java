package io.ledgerkit.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.config.SchemaVersionPolicy;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.fixtures.BadCashSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.CashSchema;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV2;
import io.ledgerkit.persistence.jpa.fixtures.CashState;
import io.ledgerkit.persistence.jpa.fixtures.ConnectorSchema010;
import io.ledgerkit.persistence.jpa.fixtures.ExposureSchema;
import io.ledgerkit.persistence.jpa.fixtures.IlpLikeSchema;
import io.ledgerkit.persistence.jpa.fixtures.Keys;
import io.ledgerkit.persistence.jpa.fixtures.LinkedSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.ObligationState;
import io.ledgerkit.persistence.jpa.fixtures.SequencedSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.TaggedSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.TradeSchemaV1;
import io.ledgerkit.persistence.jpa.schemas.ConnectorSchemaV1;
import io.ledgerkit.persistence.jpa.schemas.NodeServicesSchemaV1;
import io.ledgerkit.persistence.jpa.schemas.VaultSchemaV1;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Discovery, version policies, options and plugins, without a database. */
class DefaultSchemaServiceTest {

  static final Party ALICE = Keys.party("Alice");

  @Test
  void serviceLoaderRegistersTheBuiltInSchemas() {
    DefaultSchemaService s = DefaultSchemaService.configure().load();
    assertThat(s.schemas())
        .contains(new VaultSchemaV1(), new ConnectorSchemaV1(), new NodeServicesSchemaV1());
    assertThat(new NodeServicesSchemaV1().migrationResource())
        .isEqualTo("migration/node-services.changelog-master.xml");
    assertThat(new VaultSchemaV1().migrationResource())
        .isEqualTo("migration/vault-schema.changelog-master.xml");
    assertThat(new ConnectorSchemaV1().migrationResource())
        .isEqualTo("migration/connector-schema.changelog-master.xml");
  }

  @Test
  void packageScanFindsSchemasInDirectories() {
    DefaultSchemaService s =
        DefaultSchemaService.configure()
            .serviceLoader(false)
            .scanPackages("io.ledgerkit.persistence.jpa.fixtures")
            .load();
    assertThat(s.knownSchemas())
        .containsExactlyInAnyOrder(
            new CashSchemaV1(),
            new CashSchemaV2(),
            new TradeSchemaV1(),
            new TaggedSchemaV1(),
            new LinkedSchemaV1(),
            new SequencedSchemaV1(),
            new ExposureSchema.V1(),
            new BadCashSchemaV1(),
            new IlpLikeSchema.V1(),
            new ConnectorSchema010());
  }

  @Test
  void packageScanFindsSchemasInJars(@TempDir Path dir) throws Exception {
    Path src = dir.resolve("src/jarscan/JarSchemaV1.java");
    Files.createDirectories(src.getParent());
    Files.writeString(
        src,
        "package jarscan;\n"
            + "public final class JarSchemaV1 extends io.ledgerkit.persistence.schema.MappedSchema {\n"
            + "  public JarSchemaV1() { super(JarSchemaV1.class, 1, java.util.List.of()); }\n"
            + "}\n");
    Path classes = dir.resolve("classes");
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-d",
            classes.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            src.toString());
    assertThat(rc).isZero();
    Path jar = dir.resolve("schemas.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      out.putNextEntry(new JarEntry("jarscan/"));
      out.closeEntry();
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(p));
        out.closeEntry();
      }
    }
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
      DefaultSchemaService s =
          DefaultSchemaService.configure()
              .serviceLoader(false)
              .classLoader(loader)
              .scanPackages("jarscan")
              .load();
      assertThat(s.knownSchemas())
          .extracting(MappedSchema::name)
          .containsExactly("jarscan.JarSchemaV1");
    }
  }

  @Test
  void scanningAMissingPackageNamesIt() {
    assertThatThrownBy(
            () -> DefaultSchemaService.configure().scanPackages("com.nowhere.schemas").load())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("com.nowhere.schemas");
  }

  @Test
  void allOfferedSelectsEveryOfferedVersionAndPluginSchemas() {
    DefaultSchemaService s =
        DefaultSchemaService.configure()
            .serviceLoader(false)
            .register(CashSchemaV1.class, CashSchemaV2.class)
            .plugin(new ExposureSchema.Plugin())
            .load();
    assertThat(s.selectSchemas(new CashState(ALICE, ALICE, 1, "EUR")))
        .containsExactlyInAnyOrder(new CashSchemaV1(), new CashSchemaV2(), new ExposureSchema.V1());
    assertThat(s.selectSchemas(new ObligationState(ALICE, 1, "EUR")))
        .containsExactly(new ExposureSchema.V1());
    assertThat(
            s.generateMappedObject(new ObligationState(ALICE, 4, "EUR"), new ExposureSchema.V1()))
        .isInstanceOfSatisfying(
            ExposureSchema.PersistentExposure.class, e -> assertThat(e.amount).isEqualTo(-4));
  }

  @Test
  void latestActivatesOnlyTheNewestVersionOfTheFamily() {
    DefaultSchemaService s =
        DefaultSchemaService.configure()
            .serviceLoader(false)
            .register(CashSchemaV1.class, CashSchemaV2.class)
            .versionPolicy(CashSchema.class, SchemaVersionPolicy.LATEST)
            .load();
    assertThat(s.schemas()).containsExactly(new CashSchemaV2());
    assertThat(s.selectSchemas(new CashState(ALICE, ALICE, 1, "EUR")))
        .containsExactly(new CashSchemaV2());
  }

  @Test
  void optionsApplyPerFamilyOrPerSchemaClass() {
    DefaultSchemaService s =
        DefaultSchemaService.configure()
            .serviceLoader(false)
            .register(CashSchemaV1.class, CashSchemaV2.class)
            .schemaOptions(CashSchema.class, SchemaOptions.tablePrefix("fam_"))
            .schemaOptions(CashSchemaV2.class, new SchemaOptions("ledger", "v2_"))
            .load();
    assertThat(s.schemaOptions(new CashSchemaV1())).isEqualTo(SchemaOptions.tablePrefix("fam_"));
    assertThat(s.schemaOptions(new CashSchemaV2())).isEqualTo(new SchemaOptions("ledger", "v2_"));
    assertThat(s.schemaOptions(new TradeSchemaV1())).isEqualTo(SchemaOptions.DEFAULT);
  }

  @Test
  void aStateCannotBeMappedToASchemaItDoesNotOffer() {
    DefaultSchemaService s = DefaultSchemaService.configure().serviceLoader(false).load();
    assertThatThrownBy(
            () -> s.generateMappedObject(new ObligationState(ALICE, 1, "EUR"), new CashSchemaV1()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ObligationState.class.getName())
        .hasMessageContaining("CashSchema v1");
  }
}
