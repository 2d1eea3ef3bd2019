package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.redis.RedisBalanceTracker;

/**
 * The {@code redis} store of {@code bench balances}: a {@link RedisBalanceTracker} on {@code
 * redis://host:port} or {@code redis-cluster://host:port,...}, owning its client. The benchmark's
 * accounts live under the key prefix {@value #KEY_PREFIX} (or {@code --key-prefix}), apart from any
 * tracker's default prefix.
 */
final class RedisBenchStore {

  /** The key prefix of the benchmark's accounts. */
  static final String KEY_PREFIX = "ledgerkit:bench:";

  /** An example URL for messages. */
  static final String EXAMPLE_URL = "redis://127.0.0.1:6379";

  private RedisBenchStore() {}

  /**
   * Opens the tracker. The connection pool is large enough for a few hundred client threads.
   *
   * @param url the store URL
   * @param keyPrefix the key prefix of the benchmark's accounts
   * @return the tracker; closing it closes the client
   * @throws IllegalArgumentException when the URL is malformed
   */
  static BalanceTracker open(String url, String keyPrefix) {
    return RedisBalanceTracker.configure()
        .url(BenchStores.requireUrl("redis", url, EXAMPLE_URL))
        .keyPrefix(keyPrefix)
        .maxConnections(512)
        .start();
  }
}
