package io.ledgerkit.persistence.testkit.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import redis.clients.jedis.Jedis;

/**
 * A real Redis Cluster of three masters on 127.0.0.1, started from the embedded {@code
 * redis-server} binary and assembled with plain commands: {@code CLUSTER MEET} the nodes, {@code
 * CLUSTER ADDSLOTS} a third of the 16384 slots on each, then wait until every node reports {@code
 * cluster_state:ok} with all slots assigned and all nodes known.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {
  /** Number of master nodes. */
  public static final int MASTERS = 3;

  private static final int SLOTS = 16384;
  private final List<RedisProcess> nodes;

  private EmbeddedRedisCluster(List<RedisProcess> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /**
   * Starts three nodes and forms the cluster; fails with the nodes' state after 30 s.
   *
   * @return starts three nodes and forms the cluster; fails with the nodes' state after 30 s
   */
  public static EmbeddedRedisCluster start() {
    List<RedisProcess> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < MASTERS; i++) {
        nodes.add(RedisProcess.start(RedisProcess.Options.clusterNode()));
      }
      try (Jedis first = new Jedis("127.0.0.1", nodes.get(0).port(), 5000)) {
        for (int i = 1; i < MASTERS; i++) {
          first.clusterMeet("127.0.0.1", nodes.get(i).port());
        }
      }
      for (int i = 0; i < MASTERS; i++) {
        int from = i * SLOTS / MASTERS;
        int to = (i + 1) * SLOTS / MASTERS;
        try (Jedis node = new Jedis("127.0.0.1", nodes.get(i).port(), 5000)) {
          node.clusterAddSlots(IntStream.range(from, to).toArray());
        }
      }
      awaitOk(nodes);
      return new EmbeddedRedisCluster(nodes);
    } catch (RuntimeException e) {
      nodes.forEach(RedisProcess::close);
      throw e;
    }
  }

  private static void awaitOk(List<RedisProcess> nodes) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    String lastInfo = "";
    while (true) {
      boolean allOk = true;
      for (RedisProcess node : nodes) {
        try (Jedis jedis = new Jedis("127.0.0.1", node.port(), 2000)) {
          String info = jedis.clusterInfo();
          lastInfo = "node " + node.port() + ":\n" + info;
          allOk &=
              info.contains("cluster_state:ok")
                  && info.contains("cluster_slots_assigned:" + SLOTS)
                  && info.contains("cluster_known_nodes:" + nodes.size());
        }
      }
      if (allOk) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the embedded Redis Cluster did not reach cluster_state:ok within 30 s; last "
                + lastInfo);
      }
      Platform.pause(50);
    }
  }

  /** {@return the masters' addresses} */
  public List<InetSocketAddress> nodes() {
    return nodes.stream().map(n -> new InetSocketAddress("127.0.0.1", n.port())).toList();
  }

  /** {@return the masters' ports} */
  public List<Integer> ports() {
    return nodes.stream().map(RedisProcess::port).toList();
  }

  /** {@return the version the nodes report} */
  public String version() {
    return nodes.get(0).version();
  }

  /**
   * Freezes ({@code SIGSTOP}) or thaws ({@code SIGCONT}) one master, for tests of a hung node: its
   * sockets stay open and nothing answers.
   *
   * @param node the master's index, 0 to {@link #MASTERS} - 1
   * @param suspended {@code true} to freeze, {@code false} to thaw
   */
  public void suspend(int node, boolean suspended) {
    nodes.get(node).suspend(suspended);
  }

  /** Stops all nodes and deletes their directories. */
  @Override
  public void close() {
    nodes.forEach(RedisProcess::close);
  }
}
