package io.ledgerkit.persistence.benchmarks;

import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis server the benchmarks use and the key prefix of their own: system property {@code
 * ledgerkit.jmh.redis}, else the environment variable {@code LEDGERKIT_JMH_REDIS_URL}, else {@code
 * redis://127.0.0.1:6379}. Only keys under {@link #PREFIX} are ever written or deleted.
 */
final class BenchRedis {
  /** The key prefix of every benchmark key. */
  static final String PREFIX = "ledgerkit:jmh:";

  private BenchRedis() {}

  /**
   * The server's URL.
   *
   * @return the URL
   */
  static String url() {
    String p = System.getProperty("ledgerkit.jmh.redis");
    if (p != null && !p.isBlank()) {
      return p;
    }
    String e = System.getenv("LEDGERKIT_JMH_REDIS_URL");
    return e == null || e.isBlank() ? "redis://127.0.0.1:6379" : e;
  }

  /** Deletes every key under {@link #PREFIX} (and nothing else): SCAN MATCH, then UNLINK. */
  static void deleteOwnKeys() {
    try (RedisClient redis = RedisClient.create(url())) {
      String cursor = ScanParams.SCAN_POINTER_START;
      ScanParams match = new ScanParams().match(PREFIX.replace("*", "\\*") + "*").count(1000);
      do {
        ScanResult<String> page = redis.scan(cursor, match);
        List<String> keys = new ArrayList<>(page.getResult());
        if (!keys.isEmpty()) {
          redis.unlink(keys.toArray(String[]::new));
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
  }
}
