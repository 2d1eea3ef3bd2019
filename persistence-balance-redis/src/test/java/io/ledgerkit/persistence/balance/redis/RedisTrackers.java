package io.ledgerkit.persistence.balance.redis;

import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.testkit.TestRedis;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;

/** Opens trackers on the Redis the testkit resolved, under the test's own key prefix. */
final class RedisTrackers {
  private RedisTrackers() {}

  static String url(TestRedis redis) {
    if (!redis.isCluster()) {
      return redis.uri().toString();
    }
    return "redis-cluster://"
        + redis.nodes().stream().map(RedisTrackers::hostPort).collect(Collectors.joining(","));
  }

  static RedisBalanceTracker open(TestRedis redis) {
    return RedisBalanceTracker.configure().url(url(redis)).keyPrefix(redis.keyPrefix()).start();
  }

  /** The contract's auto-batched run: the tracker behind the Redis tracker's tuned batching. */
  static BalanceTracker autoBatched(BalanceTracker tracker) {
    return AutoBatchingBalanceTracker.configure(tracker)
        .settings(RedisBalanceTracker.AUTO_BATCH_SETTINGS)
        .start();
  }

  /** A plain client of the same Redis (every node of a cluster), for planting and reading keys. */
  static UnifiedJedis raw(TestRedis redis) {
    if (!redis.isCluster()) {
      return RedisClient.create(redis.uri());
    }
    Set<HostAndPort> nodes = new HashSet<>();
    for (InetSocketAddress a : redis.nodes()) {
      nodes.add(new HostAndPort(a.getHostString(), a.getPort()));
    }
    return RedisClusterClient.builder().nodes(nodes).build();
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}
