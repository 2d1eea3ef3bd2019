package io.ledgerkit.persistence.testkit;

import io.ledgerkit.persistence.testkit.internal.Artifact;
import io.ledgerkit.persistence.testkit.internal.BuildLog;
import io.ledgerkit.persistence.testkit.internal.Containers;
import io.ledgerkit.persistence.testkit.internal.EmbeddedRedisCluster;
import io.ledgerkit.persistence.testkit.internal.Ids;
import io.ledgerkit.persistence.testkit.internal.Lazy;
import io.ledgerkit.persistence.testkit.internal.RedisAdmin;
import io.ledgerkit.persistence.testkit.internal.RedisBinary;
import io.ledgerkit.persistence.testkit.internal.RedisProcess;
import io.ledgerkit.persistence.testkit.internal.Resolution;
import io.ledgerkit.persistence.testkit.internal.Resolution.Origin;
import io.ledgerkit.persistence.testkit.internal.Resolver;
import io.ledgerkit.persistence.testkit.internal.SharedServers;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension giving each test method a {@link TestRedis}: a real Redis server and a key
 * prefix unique to the test. Register it as a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final TestRedisExtension redis = TestRedisExtension.standalone();
 *
 * @Test void counts(TestRedis r) { ... r.uri() ... r.keyPrefix() + "counter" ... }
 * }</pre>
 *
 * <p>{@link #standalone()} resolves once per extension: {@code LEDGERKIT_TEST_REDIS_URL}, then the
 * embedded server (one per JVM, shared), then Testcontainers if Docker answers; otherwise the tests
 * are skipped with a message naming what was missing. The keys under the test's prefix are deleted
 * after the test.
 *
 * <p>The build output shows what was resolved: a {@code [ledgerkit-testkit] using ...} line with
 * the server and its version, once per JVM and server, and a {@code [ledgerkit-testkit] SKIPPED
 * ...} line with the reason, once per test class, when the tests are skipped.
 *
 * <p>Every factory needs {@code redis.clients:jedis} on the test class path (the extension checks
 * the server and deletes the test's keys with it; without it every test fails with a message naming
 * it). The embedded server needs {@code com.github.codemonstur:embedded-redis}, Testcontainers
 * needs {@code org.testcontainers:testcontainers}; both are optional dependencies of the testkit,
 * and without them that source is passed over and the skip message names them.
 */
public final class TestRedisExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private enum Mode {
    STANDALONE("standalone"),
    EMBEDDED("embedded"),
    CLUSTER("cluster");

    private final String factory;

    Mode(String factory) {
      this.factory = "TestRedisExtension." + factory + "()";
    }
  }

  private final Mode mode;
  private final Lazy<Resolution> resolution;
  private final ThreadLocal<TestRedis> current = new ThreadLocal<>();
  private final Map<String, TestRedis> active = new ConcurrentHashMap<>();

  private TestRedisExtension(Mode mode) {
    this.mode = mode;
    this.resolution = new Lazy<>(() -> resolve(mode));
  }

  /**
   * A standalone Redis: {@code LEDGERKIT_TEST_REDIS_URL}, else the embedded server, else
   * Testcontainers, else skip. Needs {@code redis.clients:jedis} on the test class path; the
   * embedded server needs {@code com.github.codemonstur:embedded-redis}, Testcontainers needs
   * {@code org.testcontainers:testcontainers}.
   *
   * @return a standalone Redis: {@code LEDGERKIT_TEST_REDIS_URL}, else the embedded server, else
   *     Testcontainers, else skip
   */
  public static TestRedisExtension standalone() {
    return new TestRedisExtension(Mode.STANDALONE);
  }

  /**
   * The embedded standalone Redis (one per JVM), even when {@code LEDGERKIT_TEST_REDIS_URL} is set.
   * Needs {@code redis.clients:jedis} and {@code com.github.codemonstur:embedded-redis} on the test
   * class path.
   *
   * @return the embedded standalone Redis (one per JVM), even when {@code LEDGERKIT_TEST_REDIS_URL}
   *     is set
   */
  public static TestRedisExtension embedded() {
    return new TestRedisExtension(Mode.EMBEDDED);
  }

  /**
   * A real Redis Cluster of three masters on 127.0.0.1, started from the embedded binary once per
   * JVM and shared; skipped when the binary cannot run here. Needs {@code redis.clients:jedis} and
   * {@code com.github.codemonstur:embedded-redis} on the test class path.
   *
   * @return a real Redis Cluster of three masters on 127.0.0.1, started from the embedded binary
   *     once per JVM and shared; skipped when the binary cannot run here
   */
  public static TestRedisExtension cluster() {
    return new TestRedisExtension(Mode.CLUSTER);
  }

  private static Resolution resolve(Mode mode) {
    if (mode == Mode.CLUSTER) {
      return RedisBinary.unavailableReason()
          .map(
              why ->
                  new Resolution(
                      Origin.SKIP,
                      null,
                      "The embedded Redis Cluster cannot run here: "
                          + why
                          + ". Cluster tests need Linux x86_64."))
          .orElseGet(() -> new Resolution(Origin.EMBEDDED, null, "embedded Redis Cluster"));
    }
    return Resolver.redis(
        mode == Mode.EMBEDDED,
        System::getenv,
        RedisBinary.unavailableReason(),
        () -> Resolver.containersUnavailable(null));
  }

  /**
   * Returns the Redis of the running test method.
   *
   * @return the Redis of the running test method
   * @throws IllegalStateException when called outside a test method of a class registering this
   *     extension
   */
  public TestRedis redis() {
    TestRedis redis = current.get();
    if (redis != null) {
      return redis;
    }
    if (active.size() == 1) {
      return active.values().iterator().next();
    }
    throw new IllegalStateException(
        "no test Redis is active: call redis() inside a test method of a class that registers"
            + " this extension with @RegisterExtension");
  }

  /**
   * Resolves the server (once) and gives the test a fresh key prefix, or skips the test; fails it
   * when Jedis is not on the class path.
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    Artifact.JEDIS.require(mode.factory);
    Resolution decision = resolution.get();
    String prefix = "lkt:" + Ids.hex8() + ":";
    TestRedis redis =
        switch (decision.origin()) {
          case SKIP -> {
            BuildLog.skipped(context, decision.detail());
            Assumptions.abort(decision.detail());
            throw new AssertionError("unreachable");
          }
          case ENV -> standaloneAt(URI.create(decision.url()), prefix, "env " + decision.detail());
          case TESTCONTAINERS ->
              standaloneAt(Containers.redis(), prefix, "Testcontainers " + Containers.REDIS_IMAGE);
          case EMBEDDED -> mode == Mode.CLUSTER ? clusterRedis(prefix) : embeddedRedis(prefix);
          case IN_MEMORY -> throw new IllegalStateException("no in-memory Redis");
        };
    active.put(context.getUniqueId(), redis);
    current.set(redis);
    noteSource(context, decision, redis);
  }

  /** Notes in the build log, once per JVM and server, which Redis the tests run on. */
  private static void noteSource(ExtensionContext context, Resolution decision, TestRedis redis) {
    switch (decision.origin()) {
      case ENV ->
          BuildLog.using(
              context,
              decision.detail() + "=" + decision.url(),
              () ->
                  RedisAdmin.serverVersion(redis.uri())
                      + " from "
                      + decision.detail()
                      + "="
                      + withoutUserInfo(redis.uri()));
      case TESTCONTAINERS ->
          BuildLog.using(
              context,
              redis.source(),
              () -> RedisAdmin.serverVersion(redis.uri()) + " from " + redis.source());
      case EMBEDDED -> BuildLog.using(context, redis.source(), redis::source);
      case IN_MEMORY, SKIP -> {}
    }
  }

  /** Returns the URI without a user name or password, for the build log. */
  private static String withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.toString().replace(uri.getRawUserInfo() + "@", "***@");
  }

  /** Deletes the keys the test left under its prefix. */
  @Override
  public void afterEach(ExtensionContext context) {
    current.remove();
    TestRedis redis = active.remove(context.getUniqueId());
    if (redis != null) {
      RedisAdmin.deleteKeys(redis.uri(), redis.nodes(), redis.isCluster(), redis.keyPrefix());
    }
  }

  /** Supports test-method parameters of type {@link TestRedis}. */
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestRedis.class;
  }

  /** Injects the running test's {@link TestRedis}. */
  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestRedis running = active.get(context.getUniqueId());
    return running != null ? running : redis();
  }

  private static TestRedis standaloneAt(URI uri, String prefix, String source) {
    int port = uri.getPort() > 0 ? uri.getPort() : 6379;
    return new TestRedis(
        uri, List.of(new InetSocketAddress(uri.getHost(), port)), false, prefix, source);
  }

  private static TestRedis embeddedRedis(String prefix) {
    RedisProcess server = SharedServers.redis();
    return standaloneAt(
        server.uri(), prefix, "embedded Redis " + server.version() + " on port " + server.port());
  }

  private static TestRedis clusterRedis(String prefix) {
    EmbeddedRedisCluster cluster = SharedServers.redisCluster();
    List<InetSocketAddress> nodes = cluster.nodes();
    return new TestRedis(
        URI.create("redis://127.0.0.1:" + nodes.get(0).getPort()),
        nodes,
        true,
        prefix,
        "embedded Redis Cluster "
            + cluster.version()
            + " (3 masters on ports "
            + cluster.ports()
            + ")");
  }
}
