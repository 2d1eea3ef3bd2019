package io.ledgerkit.persistence.jpa.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the concrete subclasses of a type in a package (and its sub-packages): directories and
 * jars.
 */
public final class ClasspathScanner {

  private ClasspathScanner() {}

  /**
   * Lists the concrete public subclasses of {@code type} in {@code packageName}.
   *
   * @param packageName the package, e.g. {@code com.acme.schemas}
   * @param type the supertype
   * @param loader the class loader to search
   * @param <T> the supertype
   * @return the classes, sorted by name
   * @throws IllegalArgumentException when the package is not on the class path
   */
  public static <T> List<Class<? extends T>> subclasses(
      String packageName, Class<T> type, ClassLoader loader) {
    if (packageName == null || !packageName.matches("[\\w$]+(\\.[\\w$]+)*")) {
      throw new IllegalArgumentException(
          "package name '" + packageName + "' is not a Java package name such as com.acme.schemas");
    }
    String path = packageName.replace('.', '/');
    Set<String> classNames = new TreeSet<>();
    try {
      Enumeration<URL> roots = loader.getResources(path);
      if (!roots.hasMoreElements()) {
        throw new IllegalArgumentException(
            "package "
                + packageName
                + " was not found on the class path; check the name or register the schema classes"
                + " explicitly");
      }
      while (roots.hasMoreElements()) {
        URL url = roots.nextElement();
        if ("file".equals(url.getProtocol())) {
          scanDirectory(toPath(url), packageName, classNames);
        } else if ("jar".equals(url.getProtocol())) {
          scanJar(url, path, classNames);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan package " + packageName, e);
    }
    List<Class<? extends T>> found = new ArrayList<>();
    for (String name : classNames) {
      Class<?> c;
      try {
        c = Class.forName(name, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        continue;
      }
      if (type.isAssignableFrom(c)
          && !c.isInterface()
          && !Modifier.isAbstract(c.getModifiers())
          && Modifier.isPublic(c.getModifiers())) {
        found.add(c.asSubclass(type));
      }
    }
    return found;
  }

  private static Path toPath(URL url) {
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      return new File(URLDecoder.decode(url.getPath(), StandardCharsets.UTF_8)).toPath();
    }
  }

  private static void scanDirectory(Path dir, String packageName, Set<String> out)
      throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .filter(p -> p.toString().endsWith(".class"))
          .forEach(
              p -> {
                String rel = dir.relativize(p).toString().replace(File.separatorChar, '.');
                String simple = rel.substring(0, rel.length() - ".class".length());
                if (!simple.endsWith("package-info") && !simple.endsWith("module-info")) {
                  out.add(packageName + "." + simple);
                }
              });
    }
  }

  private static void scanJar(URL url, String path, Set<String> out) throws IOException {
    URLConnection connection = url.openConnection();
    connection.setUseCaches(false);
    if (!(connection instanceof JarURLConnection jarConnection)) {
      return;
    }
    try (JarFile jar = jarConnection.getJarFile()) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        String name = entries.nextElement().getName();
        if (name.startsWith(path + "/")
            && name.endsWith(".class")
            && !name.endsWith("package-info.class")
            && !name.endsWith("module-info.class")) {
          out.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
  }
}
