package io.ledgerkit.persistence.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/** The embedded three-master Redis Cluster serves keys of every slot range. */
class RedisClusterTest {
  @RegisterExtension static final TestRedisExtension redis = TestRedisExtension.cluster();

  @Test
  void writesAndReadsKeysOnAllThreeMasters(TestRedis r) {
    assertThat(r.isCluster()).isTrue();
    assertThat(r.nodes()).hasSize(3);
    assertThat(r.source()).startsWith("embedded Redis Cluster");
    Set<HostAndPort> nodes = new HashSet<>();
    for (InetSocketAddress node : r.nodes()) {
      nodes.add(new HostAndPort(node.getHostString(), node.getPort()));
    }
    Map<String, String> written = new HashMap<>();
    try (RedisClusterClient client = RedisClusterClient.create(nodes)) {
      for (int i = 0; i < 60; i++) {
        String key = r.keyPrefix() + "account-" + i;
        client.set(key, Integer.toString(i));
        written.put(key, Integer.toString(i));
      }
      for (Map.Entry<String, String> e : written.entrySet()) {
        assertThat(client.get(e.getKey())).isEqualTo(e.getValue());
      }
    }
    // Every master holds some of the keys: the cluster really spreads the slots over three nodes.
    int total = 0;
    for (InetSocketAddress node : r.nodes()) {
      try (Jedis jedis = new Jedis(node.getHostString(), node.getPort(), 2000)) {
        assertThat(jedis.clusterInfo()).contains("cluster_state:ok");
        int onNode = jedis.keys(r.keyPrefix() + "*").size();
        assertThat(onNode).as("keys on master %s", node).isPositive();
        total += onNode;
      }
    }
    assertThat(total).isEqualTo(written.size());
  }
}
