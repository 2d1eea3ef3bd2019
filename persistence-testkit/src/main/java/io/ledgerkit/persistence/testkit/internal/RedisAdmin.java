package io.ledgerkit.persistence.testkit.internal;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What the Redis extension asks a server, through Jedis. Kept apart so that the extension class
 * links without Jedis (an optional dependency) and can say which artifact is missing.
 */
public final class RedisAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(RedisAdmin.class);

  private RedisAdmin() {}

  /**
   * Returns "Redis" and the version the server reports, e.g. "Redis 7.0.15".
   *
   * @param uri the server
   * @return "Redis" and the version the server reports, or why it could not be read
   */
  public static String serverVersion(URI uri) {
    try (Jedis jedis = new Jedis(uri, 2000)) {
      for (String line : jedis.info("server").split("\\r?\\n")) {
        if (line.startsWith("redis_version:")) {
          return "Redis " + line.substring("redis_version:".length()).strip();
        }
      }
      return "Redis (version not reported)";
    } catch (RuntimeException e) {
      return "Redis (version not read: " + e.getMessage() + ")";
    }
  }

  /**
   * Deletes the keys under a prefix ({@code SCAN} and {@code DEL}) on every node; a failure is
   * logged, not raised.
   *
   * @param uri the server (standalone), used for every node unless {@code cluster}
   * @param nodes the nodes
   * @param cluster whether the nodes are the masters of a cluster
   * @param keyPrefix the prefix
   */
  public static void deleteKeys(
      URI uri, List<InetSocketAddress> nodes, boolean cluster, String keyPrefix) {
    for (InetSocketAddress node : nodes) {
      URI target =
          cluster ? URI.create("redis://" + node.getHostString() + ":" + node.getPort()) : uri;
      try (Jedis jedis = new Jedis(target, 2000)) {
        ScanParams params = new ScanParams().match(keyPrefix + "*").count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
          ScanResult<String> page = jedis.scan(cursor, params);
          for (String key : page.getResult()) {
            jedis.del(key);
          }
          cursor = page.getCursor();
        } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
      } catch (RuntimeException e) {
        LOG.warn("Could not delete the test keys {}* on {}: {}", keyPrefix, node, e.toString());
      }
    }
  }
}
