package io.ledgerkit.persistence.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.Jedis;

/**
 * One {@code redis-server} process on 127.0.0.1, without persistence, in its own temporary
 * directory. It can be stopped and restarted on the same port (for fault tests) and is killed when
 * the JVM exits.
 */
public final class RedisProcess implements AutoCloseable {
  private final Path binary;
  private final Path dir;
  private final int port;
  private final Options options;
  private final Thread shutdownHook;
  private Process process;
  private String version = "?";
  private boolean closed;

  /**
   * How to start a server.
   *
   * @param clusterEnabled start a Redis Cluster node (the bus port {@code port + 10000} must be
   *     free too)
   * @param durable keep the data in an append-only file synced on every write ({@code appendonly
   *     yes}, {@code appendfsync always}), so a restart after {@link #kill9()} loads what was
   *     acknowledged
   */
  public record Options(boolean clusterEnabled, boolean durable) {
    /**
     * A standalone server.
     *
     * @return a standalone server
     */
    public static Options standalone() {
      return new Options(false, false);
    }

    /**
     * A standalone server with a synced append-only file.
     *
     * @return a standalone server with a synced append-only file
     */
    public static Options durableStandalone() {
      return new Options(false, true);
    }

    /**
     * A cluster node.
     *
     * @return a cluster node
     */
    public static Options clusterNode() {
      return new Options(true, false);
    }
  }

  private RedisProcess(Path binary, Path dir, int port, Options options) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
    this.options = options;
    this.shutdownHook = new Thread(this::kill, "ledgerkit-embedded-redis-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a server on a free port and waits until it answers PING.
   *
   * @param options standalone or cluster node
   * @return the running server
   */
  public static RedisProcess start(Options options) {
    RedisBinary.unavailableReason()
        .ifPresent(
            why -> {
              throw new IllegalStateException("the embedded Redis cannot run here: " + why);
            });
    Path binary = RedisBinary.executable();
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      Path dir;
      try {
        dir = Files.createTempDirectory("ledgerkit-redis-");
      } catch (IOException e) {
        throw new UncheckedIOException("could not create a directory for redis-server", e);
      }
      RedisProcess server =
          new RedisProcess(binary, dir, Platform.freePort(options.clusterEnabled()), options);
      try {
        server.launch();
        return server;
      } catch (IllegalStateException e) {
        last = e;
        server.close();
      }
    }
    throw last;
  }

  /** {@return the port} */
  public int port() {
    return port;
  }

  /** {@return the URI, e.g. {@code redis://127.0.0.1:41234}} */
  public URI uri() {
    return URI.create("redis://127.0.0.1:" + port);
  }

  /** {@return the version the server reports, e.g. {@code 6.2.11}} */
  public String version() {
    return version;
  }

  /** {@return whether the process is running} */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the process (again) on the same port and waits until it answers PING. */
  public synchronized void launch() {
    if (closed) {
      throw new IllegalStateException("this redis-server on port " + port + " was closed");
    }
    if (isRunning()) {
      return;
    }
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            binary.toString(),
            "--port",
            Integer.toString(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            options.durable() ? "yes" : "no",
            "--appendfsync",
            "always",
            "--daemonize",
            "no",
            "--dir",
            dir.toString()));
    if (options.clusterEnabled()) {
      command.addAll(
          List.of(
              "--cluster-enabled",
              "yes",
              "--cluster-config-file",
              "nodes.conf",
              "--cluster-node-timeout",
              "5000"));
    }
    Path log = dir.resolve("redis.log");
    try {
      process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + binary, e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited while starting on port " + port + ":\n" + Platform.tail(log, 15));
      }
      try (Jedis jedis = new Jedis("127.0.0.1", port, 1000)) {
        if ("PONG".equals(jedis.ping())) {
          for (String line : jedis.info("server").split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
              version = line.substring("redis_version:".length()).strip();
            }
          }
          return;
        }
      } catch (RuntimeException e) {
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException(
              "redis-server did not answer PING on port "
                  + port
                  + " within 15 s:\n"
                  + Platform.tail(log, 15),
              e);
        }
      }
      Platform.pause(20);
    }
  }

  /**
   * Freezes ({@code true}: SIGSTOP) or thaws ({@code false}: SIGCONT) the running process, leaving
   * its connections open: a hung server, for fault tests.
   *
   * @param suspended whether to freeze it
   */
  public synchronized void suspend(boolean suspended) {
    if (process == null) {
      throw new IllegalStateException("redis-server on port " + port + " is not running");
    }
    Platform.signalTree(process.toHandle(), suspended ? "STOP" : "CONT");
  }

  /** Stops the process (its data is lost: no persistence); the port stays reserved for it. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    process = null;
  }

  /**
   * Kills the process with SIGKILL, as a crash would: nothing is flushed beyond what the server
   * already synced; the directory stays for {@link #launch()}.
   */
  public synchronized void kill9() {
    if (process == null) {
      return;
    }
    process.destroyForcibly(); // SIGKILL on Unix
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Stops the process for good and deletes its directory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
    stop();
    closed = true;
    Platform.deleteTree(dir);
  }

  private void kill() {
    Process running = process;
    if (running != null) {
      running.destroyForcibly();
    }
    Platform.deleteTree(dir);
  }
}
