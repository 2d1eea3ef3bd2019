package io.ledgerkit.persistence.testkit;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * The Redis of one test method, provided by {@link TestRedisExtension}. The server may be shared
 * with other tests: a test must put all its keys under {@link #keyPrefix()}, which is unique per
 * test; the extension deletes those keys after the test.
 */
public final class TestRedis {
  private final URI uri;
  private final List<InetSocketAddress> nodes;
  private final boolean cluster;
  private final String keyPrefix;
  private final String source;

  TestRedis(
      URI uri, List<InetSocketAddress> nodes, boolean cluster, String keyPrefix, String source) {
    this.uri = Objects.requireNonNull(uri, "uri");
    this.nodes = List.copyOf(nodes);
    this.cluster = cluster;
    this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
    this.source = Objects.requireNonNull(source, "source");
  }

  /**
   * {@return the server's URI, e.g. {@code redis://127.0.0.1:6379}; for a cluster, the URI of its
   * first master}
   */
  public URI uri() {
    return uri;
  }

  /** {@return the server's address (standalone) or the addresses of all masters (cluster)} */
  public List<InetSocketAddress> nodes() {
    return nodes;
  }

  /** {@return whether this is a Redis Cluster} */
  public boolean isCluster() {
    return cluster;
  }

  /** {@return the key prefix of this test, unique per test, e.g. {@code lkt:3f9a1c2e:}} */
  public String keyPrefix() {
    return keyPrefix;
  }

  /**
   * {@return where the server comes from, e.g. {@code env LEDGERKIT_TEST_REDIS_URL} or {@code
   * embedded Redis 6.2.11 on port 41234}}
   */
  public String source() {
    return source;
  }

  /** Describes the server and prefix, without credentials. */
  @Override
  public String toString() {
    return "TestRedis["
        + uri.getHost()
        + ":"
        + uri.getPort()
        + (cluster ? " (cluster)" : "")
        + ", "
        + keyPrefix
        + ", "
        + source
        + "]";
  }
}
