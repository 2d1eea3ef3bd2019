package io.ledgerkit.persistence.testkit.internal;

import io.ledgerkit.persistence.testkit.EmbeddedPostgres;

/**
 * The embedded servers shared by all tests of a JVM, started on first use and stopped when the JVM
 * exits (by their own shutdown hooks).
 */
public final class SharedServers {
  private static final Lazy<EmbeddedPostgres> POSTGRES = new Lazy<>(EmbeddedPostgres::start);
  private static final Lazy<RedisProcess> REDIS =
      new Lazy<>(() -> RedisProcess.start(RedisProcess.Options.standalone()));
  private static final Lazy<EmbeddedRedisCluster> REDIS_CLUSTER =
      new Lazy<>(EmbeddedRedisCluster::start);

  private SharedServers() {}

  /** {@return the JVM's embedded PostgreSQL, starting it on first use} */
  public static Postgres postgres() {
    return new Postgres(POSTGRES.get());
  }

  /** {@return the JVM's embedded standalone Redis, starting it on first use} */
  public static RedisProcess redis() {
    return REDIS.get();
  }

  /** {@return the JVM's embedded three-master Redis Cluster, starting it on first use} */
  public static EmbeddedRedisCluster redisCluster() {
    return REDIS_CLUSTER.get();
  }

  /**
   * The shared embedded PostgreSQL as a server endpoint.
   *
   * @param server the running server
   */
  public record Postgres(EmbeddedPostgres server) {
    /** {@return the server as an endpoint tests can create schemas on} */
    public ServerEndpoint endpoint() {
      return new ServerEndpoint(server.jdbcUrl(), server.user(), null, server.toString());
    }
  }
}
