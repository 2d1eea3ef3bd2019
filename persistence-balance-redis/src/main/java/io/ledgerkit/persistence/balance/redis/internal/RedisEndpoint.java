package io.ledgerkit.persistence.balance.redis.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.HostAndPort;

/**
 * A parsed Redis URL: {@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://}
 * for TLS, or {@code redis-cluster://[[user]:password@]host:port,host:port,...} ({@code
 * rediss-cluster://} for TLS). The port defaults to 6379.
 *
 * @param cluster whether it names a cluster
 * @param tls whether to use TLS
 * @param user the user or {@code null}
 * @param password the password or {@code null}
 * @param nodes the server, or the cluster's seed nodes
 * @param database the database index (0 for a cluster)
 */
public record RedisEndpoint(
    boolean cluster,
    boolean tls,
    String user,
    String password,
    List<HostAndPort> nodes,
    int database) {

  /** The accepted forms, for error messages. */
  public static final String FORMS =
      "redis://[user:password@]host[:port][/database], rediss://... (TLS) or"
          + " redis-cluster://[user:password@]host:port,host:port,... (rediss-cluster:// for TLS)";

  private static final Pattern URL =
      Pattern.compile(
          "(redis|rediss|redis-cluster|rediss-cluster)://(?:([^@/]*)@)?([^/?#@]+)(?:/([0-9]{0,9}))?");
  private static final Pattern NODE =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9][A-Za-z0-9.\\-]*)(?::([0-9]{1,5}))?");

  /**
   * Copies the nodes.
   *
   * @param cluster whether it names a cluster
   * @param tls whether to use TLS
   * @param user the user or {@code null}
   * @param password the password or {@code null}
   * @param nodes the server, or the cluster's seed nodes
   * @param database the database index (0 for a cluster)
   */
  public RedisEndpoint {
    nodes = List.copyOf(nodes);
  }

  /**
   * Parses a URL.
   *
   * @param url the URL
   * @return the endpoint
   * @throws IllegalArgumentException naming the URL (password masked) and the accepted forms
   */
  public static RedisEndpoint parse(String url) {
    if (url == null) {
      throw new IllegalArgumentException("no Redis URL given; use " + FORMS);
    }
    Matcher m = URL.matcher(url.trim());
    if (!m.matches()) {
      throw invalid(url, "");
    }
    boolean cluster = m.group(1).endsWith("-cluster");
    boolean tls = m.group(1).startsWith("rediss");
    String user = null;
    String password = null;
    if (m.group(2) != null) {
      String info = m.group(2);
      int colon = info.indexOf(':');
      String u = colon < 0 ? info : info.substring(0, colon);
      user = u.isEmpty() ? null : decode(u);
      password = colon < 0 ? null : decode(info.substring(colon + 1));
    }
    List<HostAndPort> nodes = new ArrayList<>();
    for (String node : m.group(3).split(",", -1)) {
      Matcher n = NODE.matcher(node.trim());
      if (!n.matches()) {
        throw invalid(url, "'" + node + "' is not host[:port]; ");
      }
      int port = n.group(2) == null ? 6379 : Integer.parseInt(n.group(2));
      if (port < 1 || port > 65535) {
        throw invalid(url, "port " + port + " is outside 1-65535; ");
      }
      String host = n.group(1);
      if (host.startsWith("[")) {
        host = host.substring(1, host.length() - 1);
      }
      nodes.add(new HostAndPort(host, port));
    }
    if (!cluster && nodes.size() > 1) {
      throw invalid(url, "several hosts need redis-cluster://; ");
    }
    int database = 0;
    if (m.group(4) != null && !m.group(4).isEmpty()) {
      if (cluster) {
        throw invalid(url, "a Redis Cluster has no database index; ");
      }
      database = Integer.parseInt(m.group(4));
    }
    return new RedisEndpoint(cluster, tls, user, password, nodes, database);
  }

  /**
   * The URL without credentials, for messages.
   *
   * @return for example {@code redis://127.0.0.1:6379}
   */
  public String describe() {
    StringBuilder b = new StringBuilder(tls ? "rediss" : "redis");
    b.append(cluster ? "-cluster://" : "://");
    for (int i = 0; i < nodes.size(); i++) {
      b.append(i == 0 ? "" : ",").append(nodes.get(i));
    }
    if (database != 0) {
      b.append('/').append(database);
    }
    return b.toString();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException invalid(String url, String detail) {
    String masked = url.replaceAll("://([^:@/]*):[^@/]*@", "://$1:****@");
    return new IllegalArgumentException(
        "'" + masked + "' is not a Redis URL: " + detail + "use " + FORMS);
  }
}
