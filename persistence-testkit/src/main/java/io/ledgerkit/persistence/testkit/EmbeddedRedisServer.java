package io.ledgerkit.persistence.testkit;

import io.ledgerkit.persistence.testkit.internal.Artifact;
import io.ledgerkit.persistence.testkit.internal.RedisProcess;
import java.net.URI;

/**
 * A private, real standalone Redis server on a free port of 127.0.0.1, started from the {@code
 * redis-server} binary in the Maven artifact {@code com.github.codemonstur:embedded-redis}, without
 * persistence. Meant for fault tests: {@link #stop()} makes the server unreachable, {@link
 * #restart()} brings it back on the same port (empty). Close it when done; it is killed when the
 * JVM exits at the latest.
 *
 * <pre>{@code
 * try (EmbeddedRedisServer server = EmbeddedRedisServer.start()) {
 *   ... server.uri() ...; server.stop(); ...; server.restart();
 * }
 * }</pre>
 *
 * <p>Needs {@code com.github.codemonstur:embedded-redis} (the binary) and {@code
 * redis.clients:jedis} (to wait for the server) on the test class path; both are optional
 * dependencies of the testkit.
 */
public final class EmbeddedRedisServer implements AutoCloseable {
  private final RedisProcess process;

  private EmbeddedRedisServer(RedisProcess process) {
    this.process = process;
  }

  /**
   * Starts a new server and waits until it answers PING.
   *
   * @return the running server
   * @throws IllegalStateException when the binary cannot run on this platform or does not start, or
   *     when Jedis or the binary is not on the class path
   */
  public static EmbeddedRedisServer start() {
    Artifact.JEDIS.require("EmbeddedRedisServer.start()");
    return new EmbeddedRedisServer(RedisProcess.start(RedisProcess.Options.standalone()));
  }

  /**
   * Starts a new server that keeps its data in an append-only file synced on every write ({@code
   * appendonly yes}, {@code appendfsync always}): after {@link #kill()} a {@link #restart()} loads
   * every acknowledged write. For crash tests.
   *
   * @return the running server
   * @throws IllegalStateException when the binary cannot run on this platform or does not start, or
   *     when Jedis or the binary is not on the class path
   */
  public static EmbeddedRedisServer startDurable() {
    Artifact.JEDIS.require("EmbeddedRedisServer.startDurable()");
    return new EmbeddedRedisServer(RedisProcess.start(RedisProcess.Options.durableStandalone()));
  }

  /**
   * Kills the server process with SIGKILL, as a crash would; {@link #restart()} starts it again on
   * the same port and data directory (with its data when it was started {@link #startDurable()
   * durable}).
   */
  public void kill() {
    process.kill9();
  }

  /** {@return the TCP port on 127.0.0.1; it stays the same across {@link #restart()}} */
  public int port() {
    return process.port();
  }

  /** {@return the server's URI, e.g. {@code redis://127.0.0.1:41234}} */
  public URI uri() {
    return process.uri();
  }

  /** {@return the Redis version the server reports} */
  public String version() {
    return process.version();
  }

  /** {@return whether the server process is running} */
  public boolean isRunning() {
    return process.isRunning();
  }

  /** Stops the server process; connections fail until {@link #restart()}. Its data is lost. */
  public void stop() {
    process.stop();
  }

  /**
   * Freezes the server process (SIGSTOP) with its connections open: it accepts TCP connections but
   * answers nothing, as a hung server does. Undo with {@link #resume()}.
   */
  public void suspend() {
    process.suspend(true);
  }

  /** Lets a {@link #suspend() suspended} server run again (SIGCONT). */
  public void resume() {
    process.suspend(false);
  }

  /**
   * Starts the server again on the same port (empty unless {@link #startDurable() durable}) and
   * waits until it answers PING.
   */
  public void restart() {
    process.stop();
    process.launch();
  }

  /** Stops the server for good and deletes its directory. */
  @Override
  public void close() {
    process.close();
  }

  /** Describes the server. */
  @Override
  public String toString() {
    return "embedded Redis " + process.version() + " on port " + process.port();
  }
}
