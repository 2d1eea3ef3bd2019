package io.ledgerkit.persistence.cli.migrations;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    Path src = Files.createDirectories(dir.resolve("src/lk/plugin"));
    Files.writeString(
        src.resolve("PluginLedger.java"), "package lk.plugin; public final class PluginLedger {}");
    Files.writeString(
        src.resolve("PluginLedgerSchemaV1.java"),
        """
        package lk.plugin;
        import io.ledgerkit.persistence.schema.MappedSchema;
        import java.util.List;
        public final class PluginLedgerSchemaV1 extends MappedSchema {
          public PluginLedgerSchemaV1() { super(PluginLedger.class, 1, List.of()); }
        }
        """);
    Path classes = Files.createDirectories(dir.resolve("classes"));
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
            src.resolve("PluginLedger.java").toString(),
            src.resolve("PluginLedgerSchemaV1.java").toString());
    if (rc != 0) {
      throw new IllegalStateException("javac failed with " + rc);
    }
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    Path jar = plugins.resolve("plugin-ledger-1.0.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          put(out, classes.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
        }
      }
      put(
          out,
          "META-INF/services/io.ledgerkit.persistence.schema.MappedSchema",
          (SCHEMA_CLASS + "\n").getBytes(StandardCharsets.UTF_8));
      put(
          out,
          "migration/plugin-ledger.changelog-master.xml",
          """
          <?xml version="1.0" encoding="UTF-8"?>
          <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
              xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
              xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                  http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.33.xsd">
          %s
          </databaseChangeLog>
          """
              .formatted(changeSets)
              .getBytes(StandardCharsets.UTF_8));
    }
    return plugins;
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
