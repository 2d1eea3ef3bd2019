package io.ledgerkit.persistence.migrations.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

/**
 * Resolves a schema's changelog resources inside the jar (or classes directory) its class was
 * loaded from first: when the class loader sees a path in several jars, as when two plugins both
 * ship {@code db/changelogs/base/changelog.xml}, only the copy of the schema's own jar counts. A
 * path the own jar does not hold resolves through the class loader as before (e.g. a changelog
 * shipped by a library jar).
 */
final class OwnSourceFirstResourceAccessor implements ResourceAccessor {

  private final Path own;
  private final ResourceAccessor delegate;

  /**
   * Creates the accessor.
   *
   * @param schemaClass the class whose code source is searched first
   * @param delegate the class loader's accessor
   */
  OwnSourceFirstResourceAccessor(Class<?> schemaClass, ResourceAccessor delegate) {
    this.own = codeSource(schemaClass);
    this.delegate = delegate;
  }

  private static Path codeSource(Class<?> c) {
    CodeSource src = c.getProtectionDomain().getCodeSource();
    if (src == null || src.getLocation() == null) {
      return null;
    }
    try {
      return Path.of(src.getLocation().toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      return null;
    }
  }

  /** The jar file or directory a resource URI lies in, or null when it cannot be told. */
  private static Path container(URI uri) {
    try {
      if ("jar".equals(uri.getScheme())) {
        String ssp = uri.getRawSchemeSpecificPart();
        int bang = ssp.indexOf("!/");
        return Path.of(new URI(bang < 0 ? ssp : ssp.substring(0, bang)))
            .toAbsolutePath()
            .normalize();
      }
      if ("file".equals(uri.getScheme())) {
        return Path.of(uri).toAbsolutePath().normalize();
      }
    } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
      return null;
    }
    return null;
  }

  private boolean isOwn(Resource r) {
    URI uri;
    try {
      uri = r.getUri();
    } catch (RuntimeException e) {
      return false;
    }
    Path p = uri == null ? null : container(uri);
    return p != null && (p.equals(own) || p.startsWith(own));
  }

  private List<Resource> preferOwn(List<Resource> found) {
    if (own == null || found == null || found.size() < 2) {
      return found;
    }
    List<Resource> mine = new ArrayList<>();
    for (Resource r : found) {
      if (isOwn(r)) {
        mine.add(r);
      }
    }
    return mine.isEmpty() ? found : mine;
  }

  @Override
  public List<Resource> search(String path, boolean recursive) throws IOException {
    return preferOwn(delegate.search(path, recursive));
  }

  @Override
  public List<Resource> getAll(String path) throws IOException {
    return preferOwn(delegate.getAll(path));
  }

  @Override
  public List<String> describeLocations() {
    return delegate.describeLocations();
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }
}
