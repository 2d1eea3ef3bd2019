package io.ledgerkit.persistence.config;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The Redis balance store ({@code balance.redis.*}). Its {@link #toString()} masks the password in
 * the URL.
 *
 * @param url {@code redis://host:port}, {@code rediss://...} or {@code
 *     redis-cluster://host:port,host:port,...}; {@code null} when not configured
 * @param keyPrefix the prefix of every key the tracker writes
 */
public record RedisBalanceConfig(String url, String keyPrefix) {

  /** The default key prefix. */
  public static final String DEFAULT_KEY_PREFIX = "ledgerkit:balance:";

  /**
   * Whether the URL names a Redis Cluster ({@code redis-cluster://} or {@code rediss-cluster://}).
   *
   * @return {@code true} for a cluster
   * @throws IllegalArgumentException when no valid URL is configured
   */
  public boolean isCluster() {
    return RedisUrl.parse(url).cluster();
  }

  /**
   * Whether the connection uses TLS ({@code rediss://}).
   *
   * @return {@code true} for TLS
   * @throws IllegalArgumentException when no valid URL is configured
   */
  public boolean tls() {
    return RedisUrl.parse(url).tls();
  }

  /**
   * The nodes in the URL: the one server, or the cluster's seed nodes. Addresses are unresolved.
   *
   * @return host and port of each node
   * @throws IllegalArgumentException when no valid URL is configured
   */
  public List<InetSocketAddress> nodes() {
    return RedisUrl.parse(url).nodes();
  }

  /**
   * The user in the URL.
   *
   * @return the user, or {@code null}
   * @throws IllegalArgumentException when no valid URL is configured
   */
  public String user() {
    return RedisUrl.parse(url).user();
  }

  /**
   * The password in the URL. Never log it.
   *
   * @return the password, or {@code null}
   * @throws IllegalArgumentException when no valid URL is configured
   */
  public String password() {
    return RedisUrl.parse(url).password();
  }

  /**
   * The database index of a standalone server ({@code /n} in the URL, default 0).
   *
   * @return the index
   * @throws IllegalArgumentException when no valid URL is configured
   */
  public int database() {
    return RedisUrl.parse(url).database();
  }

  /**
   * A description with the URL's password masked.
   *
   * @return the masked description
   */
  @Override
  public String toString() {
    return "RedisBalanceConfig[url=" + Masking.mask(url) + ", keyPrefix=" + keyPrefix + "]";
  }
}
