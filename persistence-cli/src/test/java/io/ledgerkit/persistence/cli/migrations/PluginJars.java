package io.ledgerkit.persistence.cli.migrations;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a plugin jar the way an app would ship one: a compiled {@code MappedSchema} subclass, its
 * ServiceLoader registration and its changelog. The classes are compiled here, so they are not on
 * the test classpath: only {@code --plugins DIR} can find them.
 */
final class PluginJars {
  private PluginJars() {}

  static final String SCHEMA_CLASS = "lk.plugin.PluginLedgerSchemaV1";

  private static final String CREATE_TABLE =
      """
      <changeSet id="plugin-ledger-1" author="plugin">
        <createTable tableName="${tablePrefix}plugin_entry">
          <column name="entry_id" type="VARCHAR(36)">
            <constraints nullable="false" primaryKey="true"
                primaryKeyName="${tablePrefix}plugin_entry_pk"/>
          </column>
          <column name="amount" type="DECIMAL(30,0)"/>
        </createTable>
      </changeSet>
      """;

  /** A change set whose SQL every database refuses. */
  static final String INVALID_SQL =
      """
      <changeSet id="plugin-ledger-broken" author="plugin">
        <sql>CREATE TABEL broken_entry (id INT)</sql>
      </changeSet>
      """;

  static Path build(Path dir) throws IOException {
    return build(dir, CREATE_TABLE);
  }

  static Path build(Path dir, String changeSets) throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    jar(
        dir,
        plugins.resolve("plugin-ledger-1.0.jar"),
        "lk.plugin",
        "PluginLedger",
        null,
        Map.of("migration/plugin-ledger.changelog-master.xml", changelog(changeSets)));
    return plugins;
  }

  /**
   * Builds a plugin jar holding a family class {@code pkg.family}, its schema {@code
   * pkg.familySchemaV1} (registered for ServiceLoader) and the given resources.
   *
   * @param work a scratch directory for sources and classes
   * @param jar the jar file to write
   * @param pkg the package of the classes
   * @param family the simple name of the family class
   * @param migrationResource the schema's changelog resource, or null for the default
   * @param resources resource path to content
   * @return the jar
   */
  static Path jar(
      Path work,
      Path jar,
      String pkg,
      String family,
      String migrationResource,
      Map<String, String> resources)
      throws IOException {
    String schema = family + "SchemaV1";
    Path base = Files.createDirectories(work.resolve(jar.getFileName().toString() + ".build"));
    Path src = Files.createDirectories(base.resolve("src/" + pkg.replace('.', '/')));
    Files.writeString(
        src.resolve(family + ".java"), "package " + pkg + "; public final class " + family + " {}");
    String override =
        migrationResource == null
            ? ""
            : "  @Override public String migrationResource() { return \""
                + migrationResource
                + "\"; }\n";
    Files.writeString(
        src.resolve(schema + ".java"),
        "package "
            + pkg
            + ";\n"
            + "import io.ledgerkit.persistence.schema.MappedSchema;\n"
            + "import java.util.List;\n"
            + "public final class "
            + schema
            + " extends MappedSchema {\n"
            + "  public "
            + schema
            + "() { super("
            + family
            + ".class, 1, List.of()); }\n"
            + override
            + "}\n");
    Path classes = Files.createDirectories(base.resolve("classes"));
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
            src.resolve(family + ".java").toString(),
            src.resolve(schema + ".java").toString());
    if (rc != 0) {
      throw new IllegalStateException("javac failed with " + rc);
    }
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
          put(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        }
      }
      put(
          out,
          "META-INF/services/io.ledgerkit.persistence.schema.MappedSchema",
          (pkg + "." + schema + "\n").getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, String> r : new TreeMap<>(resources).entrySet()) {
        put(out, r.getKey(), r.getValue().getBytes(StandardCharsets.UTF_8));
      }
    }
    return jar;
  }

  /** A changelog file around the given change sets or includes. */
  static String changelog(String body) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
            xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd">
        """
        + body
        + "</databaseChangeLog>\n";
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    OutputStream o = out;
    o.write(bytes);
    out.closeEntry();
  }

  static List<String> tables(String jdbcUrl) throws Exception {
    try (var c = java.sql.DriverManager.getConnection(jdbcUrl, "sa", "");
        var rs = c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
      List<String> out = new java.util.ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME").toUpperCase(java.util.Locale.ROOT));
      }
      return out;
    }
  }
}
