package io.ledgerkit.persistence.testkit.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * The {@code redis-server} binary shipped inside the Maven artifact {@code
 * com.github.codemonstur:embedded-redis}, copied once into the cache directory and made executable.
 */
public final class RedisBinary {
  /** The resource holding the Linux x86_64 binary. */
  public static final String RESOURCE = "redis-server-6.2.6-v5-linux-amd64";

  private RedisBinary() {}

  /** {@return why the embedded Redis cannot run here, or empty when it can} */
  public static Optional<String> unavailableReason() {
    Optional<String> platform = Platform.linuxX64Unavailable();
    if (platform.isPresent()) {
      return Optional.of("the redis-server binaries " + platform.get());
    }
    if (RedisBinary.class.getClassLoader().getResource(RESOURCE) == null) {
      return Optional.of("the test dependency " + Artifact.EMBEDDED_REDIS_BINARIES + " is missing");
    }
    return Optional.empty();
  }

  /** {@return the executable, copying it out of the jar on first use} */
  public static Path executable() {
    Path target = Platform.cacheRoot().resolve(RESOURCE);
    try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the embedded Redis needs the test dependency " + Artifact.EMBEDDED_REDIS_BINARIES);
      }
      byte[] bytes = in.readAllBytes();
      if (Files.isExecutable(target) && Files.size(target) == bytes.length) {
        return target;
      }
      Path temp = Files.createTempFile(target.getParent(), RESOURCE, ".tmp");
      Files.write(temp, bytes);
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("could not install the redis-server binary at " + target, e);
    }
  }
}
