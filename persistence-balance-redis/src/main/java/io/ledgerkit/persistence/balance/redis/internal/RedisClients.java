package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.config.RedisUrl;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/** Creates the Jedis client of a tracker built from a URL. */
public final class RedisClients {
  private RedisClients() {}

  /**
   * Creates a pooled client for an endpoint.
   *
   * @param e the endpoint
   * @param connectTimeout the connect timeout
   * @param socketTimeout the read timeout, also the longest wait for a pooled connection
   * @param maxConnections the pool size per node
   * @return the client
   * @throws io.ledgerkit.persistence.balance.BalanceStoreUnavailableException when Redis cannot be
   *     reached
   */
  public static UnifiedJedis create(
      RedisUrl e, Duration connectTimeout, Duration socketTimeout, int maxConnections) {
    DefaultJedisClientConfig.Builder config =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(millis(connectTimeout))
            .socketTimeoutMillis(millis(socketTimeout))
            .user(e.user())
            .password(e.password())
            .ssl(e.tls())
            .clientName("ledgerkit-balance");
    GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
    pool.setMaxTotal(maxConnections);
    pool.setMaxIdle(maxConnections);
    pool.setMaxWait(socketTimeout); // a busy connection is free again within a socket timeout
    pool.setJmxEnabled(false);
    try {
      if (e.cluster()) {
        return RedisClusterClient.builder()
            .nodes(new HashSet<HostAndPort>(hostsAndPorts(e)))
            .clientConfig(config.build())
            .poolConfig(pool)
            // Jedis resends a command after a timeout or a broken connection when it has
            // attempts left, which would apply a prepare twice behind one reply. One attempt
            // only; the ScriptRunner itself follows MOVED/ASK (the command did not run).
            .maxAttempts(1)
            .build();
      }
      return RedisClient.builder()
          .hostAndPort(hostsAndPorts(e).get(0))
          .clientConfig(config.database(e.database()).build())
          .poolConfig(pool)
          .build();
    } catch (JedisException ex) {
      throw ScriptRunner.unavailable(e.describe(), "cannot connect", ex);
    }
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }

  /** The URL's nodes as Jedis addresses. */
  private static List<HostAndPort> hostsAndPorts(RedisUrl url) {
    List<HostAndPort> result = new ArrayList<>();
    for (InetSocketAddress node : url.nodes()) {
      result.add(new HostAndPort(node.getHostString(), node.getPort()));
    }
    return result;
  }
}
