package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.config.SchemaVersionPolicy;
import io.ledgerkit.persistence.schema.FamilyNames;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Which mapped schemas a migration command works on: every {@link MappedSchema} found through
 * {@link ServiceLoader} on the classpath and in the jars of {@code --plugins DIR} (the way a node
 * loads its apps), narrowed by {@code --schema NAME}. Options per schema come from the
 * configuration ({@code schemas.<Family>.tablePrefix}, {@code .databaseSchema}).
 */
final class SchemaSelection {

  @Option(
      names = "--plugins",
      paramLabel = "DIR",
      description = "Directory of plugin jars whose mapped schemas are added (ServiceLoader).")
  private Path plugins;

  @Option(
      names = "--schema",
      paramLabel = "NAME",
      description =
          "Only this schema (family class name, simple name, kebab-case name such as"
              + " node-services or ilp-connector-schema, or upper-snake name); repeatable."
              + " Default: all schemas found.")
  private List<String> names = new ArrayList<>();

  /** Creates the selection (picocli fills it). */
  public SchemaSelection() {}

  /**
   * Discovers the active schemas. Keep the result open while using the schemas: it holds the class
   * loader of the plugin jars.
   *
   * @param spec the command, for usage errors
   * @param config the configuration (options per family, version policy)
   * @return the schemas found, with their options and where each came from
   */
  public Active discover(CommandSpec spec, LedgerkitConfig config) {
    ClassLoader parent = Thread.currentThread().getContextClassLoader();
    if (parent == null) {
      parent = SchemaSelection.class.getClassLoader();
    }
    URLClassLoader pluginLoader = null;
    if (plugins != null) {
      if (!Files.isDirectory(plugins)) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--plugins '" + plugins + "' is not a directory; give the directory of plugin jars");
      }
      pluginLoader = new URLClassLoader("ledgerkit-plugins", jars(plugins), parent);
    }
    List<MappedSchema> found = new ArrayList<>();
    try {
      for (MappedSchema s :
          ServiceLoader.load(MappedSchema.class, pluginLoader != null ? pluginLoader : parent)) {
        if (!found.contains(s)) {
          found.add(s);
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("cannot load a mapped schema: " + e.getMessage(), e);
    }
    found.sort(Comparator.comparing(MappedSchema::name).thenComparingInt(MappedSchema::version));
    if (config.schemas().versionPolicy() == SchemaVersionPolicy.LATEST) {
      Map<String, MappedSchema> latest = new LinkedHashMap<>();
      for (MappedSchema s : found) {
        latest.merge(s.name(), s, (a, b) -> a.version() >= b.version() ? a : b);
      }
      found = new ArrayList<>(latest.values());
    }
    List<MappedSchema> selected = found;
    if (!names.isEmpty()) {
      selected = new ArrayList<>();
      for (String n : names) {
        List<MappedSchema> matching = found.stream().filter(s -> matches(s, n)).toList();
        if (matching.isEmpty()) {
          throw new CommandLine.ParameterException(
              spec.commandLine(),
              "--schema '"
                  + n
                  + "' matches no schema; found: "
                  + (found.isEmpty()
                      ? "none"
                      : String.join(", ", found.stream().map(Object::toString).toList())));
        }
        for (MappedSchema s : matching) {
          if (!selected.contains(s)) {
            selected.add(s);
          }
        }
      }
    }
    if (selected.isEmpty()) {
      throw new IllegalStateException(
          "no mapped schema found on the classpath"
              + (plugins == null ? "" : " or in the jars of " + plugins)
              + "; add schema jars with --plugins DIR");
    }
    Map<MappedSchema, SchemaOptions> out = new LinkedHashMap<>();
    for (MappedSchema s : selected) {
      out.put(s, config.schemas().optionsFor(s));
    }
    return new Active(out, pluginLoader);
  }

  private static boolean matches(MappedSchema s, String name) {
    String n = name.trim();
    return FamilyNames.matches(s.schemaFamily(), n)
        || n.equalsIgnoreCase(s.getClass().getSimpleName())
        || n.equals(s.getClass().getName());
  }

  private static URL[] jars(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<URL> urls = new ArrayList<>();
      for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
        urls.add(p.toUri().toURL());
      }
      return urls.toArray(URL[]::new);
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the plugin jars in " + dir, e);
    }
  }

  /**
   * The active schemas and the class loader of the plugin jars (closed by {@link #close()}).
   *
   * @param schemas the schemas with their options, sorted by name and version
   * @param pluginLoader the plugins' class loader, or {@code null} without {@code --plugins}
   */
  public record Active(Map<MappedSchema, SchemaOptions> schemas, URLClassLoader pluginLoader)
      implements AutoCloseable {

    /**
     * Where a schema class was loaded from: {@code classpath} or the plugin jar's file name.
     *
     * @param schema the schema
     * @return the origin
     */
    public String origin(MappedSchema schema) {
      if (pluginLoader != null && schema.getClass().getClassLoader() == pluginLoader) {
        var src = schema.getClass().getProtectionDomain().getCodeSource();
        return src == null
            ? "plugin"
            : "plugin " + Path.of(src.getLocation().getPath()).getFileName();
      }
      return "classpath";
    }

    @Override
    public void close() {
      if (pluginLoader != null) {
        try {
          pluginLoader.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
