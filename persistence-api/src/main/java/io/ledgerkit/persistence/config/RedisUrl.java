package io.ledgerkit.persistence.config;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Redis URL: {@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://}
 * (TLS) with the same shape, or {@code redis-cluster://[[user]:password@]host:port,host:port,...}
 * (any reachable nodes of a Redis Cluster; TLS with {@code rediss-cluster://}). The port defaults
 * to 6379. Surrounding whitespace is ignored; a user or password may hold {@code %XX} escapes (a
 * {@code +} is a plus). The one parser of Redis URLs: the configuration and the Redis balance
 * tracker both use it.
 *
 * @param cluster whether the URL names a Redis Cluster
 * @param tls whether the connection uses TLS
 * @param user the user, or {@code null}
 * @param password the password, or {@code null}
 * @param nodes the host and port of each node (one for a standalone server), unresolved
 * @param database the database index (always 0 for a cluster)
 */
public record RedisUrl(
    boolean cluster,
    boolean tls,
    String user,
    String password,
    List<InetSocketAddress> nodes,
    int database) {

  /** The default Redis port. */
  public static final int DEFAULT_PORT = 6379;

  /** What a Redis URL may look like, for error messages. */
  public static final String ALLOWED =
      "redis://[user:password@]host[:port][/database], rediss://... (TLS), or"
          + " redis-cluster://[user:password@]host:port,host:port,... (rediss-cluster:// for TLS)";

  private static final Pattern URL =
      Pattern.compile(
          "(redis|rediss|redis-cluster|rediss-cluster)://(?:([^@/]*)@)?([^/?#@]+)(/[0-9]*)?");
  private static final Pattern HOST_PORT =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9][A-Za-z0-9.\\-]*)(?::([0-9]{1,5}))?");

  /**
   * Copies the node list.
   *
   * @param cluster whether the URL names a Redis Cluster
   * @param tls whether the connection uses TLS
   * @param user the user, or {@code null}
   * @param password the password, or {@code null}
   * @param nodes the host and port of each node (one for a standalone server), unresolved
   * @param database the database index (always 0 for a cluster)
   */
  public RedisUrl {
    nodes = List.copyOf(nodes);
  }

  /**
   * Parses a Redis URL.
   *
   * @param url the URL
   * @return the parsed form
   * @throws IllegalArgumentException naming the (masked) URL and the accepted forms when it is not
   *     a Redis URL
   */
  public static RedisUrl parse(String url) {
    if (url == null) {
      throw new IllegalArgumentException("no Redis URL; use " + ALLOWED);
    }
    Matcher m = URL.matcher(url.strip());
    if (!m.matches()) {
      throw invalid(url, "");
    }
    String scheme = m.group(1);
    boolean cluster = scheme.endsWith("-cluster");
    boolean tls = scheme.startsWith("rediss");
    String user = null;
    String password = null;
    if (m.group(2) != null) {
      String info = m.group(2);
      int colon = info.indexOf(':');
      if (colon < 0) {
        user = info.isEmpty() ? null : decode(url, info);
      } else {
        user = colon == 0 ? null : decode(url, info.substring(0, colon));
        password = decode(url, info.substring(colon + 1));
      }
    }
    List<InetSocketAddress> nodes = new ArrayList<>();
    for (String node : m.group(3).split(",", -1)) {
      Matcher hp = HOST_PORT.matcher(node.trim());
      if (!hp.matches()) {
        throw invalid(url, "'" + node + "' is not host[:port]; ");
      }
      int port = DEFAULT_PORT;
      if (hp.group(2) != null) {
        port = Integer.parseInt(hp.group(2));
        if (port < 1 || port > 65535) {
          throw invalid(url, "port " + port + " is outside 1-65535; ");
        }
      }
      String host = hp.group(1);
      if (host.startsWith("[")) {
        host = host.substring(1, host.length() - 1);
      }
      nodes.add(InetSocketAddress.createUnresolved(host, port));
    }
    if (!cluster && nodes.size() > 1) {
      throw invalid(url, "several hosts need the redis-cluster:// scheme; ");
    }
    int database = 0;
    String path = m.group(4);
    if (path != null && path.length() > 1) {
      if (cluster) {
        throw invalid(url, "a Redis Cluster has no database index; ");
      }
      try {
        database = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw invalid(url, "database index '" + path.substring(1) + "' is too large; ");
      }
    }
    return new RedisUrl(cluster, tls, user, password, nodes, database);
  }

  /**
   * The URL without its credentials, for messages and logs.
   *
   * @return for example {@code redis://127.0.0.1:6379} or {@code
   *     redis-cluster://10.0.0.1:7000,10.0.0.2:7000}
   */
  public String describe() {
    StringBuilder b = new StringBuilder(tls ? "rediss" : "redis");
    b.append(cluster ? "-cluster://" : "://");
    for (int i = 0; i < nodes.size(); i++) {
      InetSocketAddress node = nodes.get(i);
      String host = node.getHostString();
      b.append(i == 0 ? "" : ",")
          .append(host.indexOf(':') >= 0 ? "[" + host + "]" : host)
          .append(':')
          .append(node.getPort());
    }
    if (database != 0) {
      b.append('/').append(database);
    }
    return b.toString();
  }

  /**
   * Decodes {@code %XX} escapes (UTF-8), so a password may contain {@code @}, {@code /} or {@code
   * :}.
   */
  private static String decode(String url, String part) {
    try {
      return URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid(url, "a malformed %-escape in the user or password; ");
    }
  }

  private static IllegalArgumentException invalid(String url, String detail) {
    return new IllegalArgumentException(
        "'" + Masking.mask(url) + "' is not a Redis URL: " + detail + "use " + ALLOWED);
  }
}
