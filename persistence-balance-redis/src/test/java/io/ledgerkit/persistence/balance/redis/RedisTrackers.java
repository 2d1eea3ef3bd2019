package io.ledgerkit.persistence.balance.redis;

import io.ledgerkit.persistence.testkit.TestRedis;
import java.net.InetSocketAddress;
import java.util.stream.Collectors;

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
    return RedisBalanceTracker.builder().url(url(redis)).keyPrefix(redis.keyPrefix()).build();
  }

  private static String hostPort(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }
}
