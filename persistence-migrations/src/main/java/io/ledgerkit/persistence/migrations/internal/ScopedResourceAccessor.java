package io.ledgerkit.persistence.migrations.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import liquibase.resource.OpenOptions;
import liquibase.resource.Resource;
import liquibase.resource.ResourceAccessor;

/**
 * Serves classpath changelogs under a virtual root such as {@code schema-ledger/prefix-acme_/}, so
 * that Liquibase records the change sets of a schema run with options under a file path of their
 * own: the same changelog run with two different prefixes gets two distinct identities (id, author,
 * path) in the shared {@code DATABASECHANGELOG}. With the default options the root is empty and the
 * recorded paths are the plain classpath paths.
 */
public final class ScopedResourceAccessor implements ResourceAccessor {

  private final String root;
  private final ResourceAccessor delegate;

  /**
   * Creates the accessor.
   *
   * @param root the virtual root, empty or ending with {@code /}
   * @param delegate the accessor of the real resources
   */
  public ScopedResourceAccessor(String root, ResourceAccessor delegate) {
    this.root = root;
    this.delegate = delegate;
  }

  /**
   * The virtual root.
   *
   * @return the root, empty or ending with {@code /}
   */
  public String root() {
    return root;
  }

  private String strip(String path) {
    String p = path.replace('\\', '/');
    if (p.startsWith("classpath:")) {
      p = p.substring("classpath:".length());
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return !root.isEmpty() && p.startsWith(root) ? p.substring(root.length()) : p;
  }

  private List<Resource> wrap(List<Resource> resources) {
    if (root.isEmpty()) {
      return resources;
    }
    List<Resource> out = new ArrayList<>(resources.size());
    for (Resource r : resources) {
      out.add(new Scoped(r));
    }
    return out;
  }

  @Override
  public List<Resource> search(String path, boolean recursive) throws IOException {
    return wrap(delegate.search(strip(path), recursive));
  }

  @Override
  public List<Resource> getAll(String path) throws IOException {
    List<Resource> found = delegate.getAll(strip(path));
    return found == null ? null : wrap(found);
  }

  @Override
  public List<String> describeLocations() {
    return delegate.describeLocations();
  }

  @Override
  public void close() throws Exception {
    delegate.close();
  }

  /** A resource seen under the virtual root. */
  private final class Scoped implements Resource {
    private final Resource real;

    Scoped(Resource real) {
      this.real = real;
    }

    @Override
    public String getPath() {
      return root + strip(real.getPath());
    }

    @Override
    public InputStream openInputStream() throws IOException {
      return real.openInputStream();
    }

    @Override
    public boolean isWritable() {
      return false;
    }

    @Override
    public boolean exists() {
      return real.exists();
    }

    @Override
    public Resource resolve(String other) {
      return new Scoped(real.resolve(other));
    }

    @Override
    public Resource resolveSibling(String other) {
      return new Scoped(real.resolveSibling(other));
    }

    @Override
    public OutputStream openOutputStream(OpenOptions openOptions) throws IOException {
      throw new IOException("changelog resources are read-only: " + getPath());
    }

    @Override
    public URI getUri() {
      return real.getUri();
    }

    @Override
    public String toString() {
      return getPath();
    }
  }
}
