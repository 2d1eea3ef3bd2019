package io.ledgerkit.persistence.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Operating-system helpers for the embedded servers: platform checks, ports, commands, files. */
public final class Platform {
  private Platform() {}

  /**
   * Returns why the embedded Linux x86_64 binaries cannot run here, or empty when they can.
   *
   * @return the reason, e.g. "they run on Linux x86_64 only, this is Mac OS X/aarch64"
   */
  public static Optional<String> linuxX64Unavailable() {
    String os = System.getProperty("os.name", "?");
    String arch = System.getProperty("os.arch", "?");
    boolean linux = os.toLowerCase(Locale.ROOT).contains("linux");
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    if (linux && x64) {
      return Optional.empty();
    }
    return Optional.of("they run on Linux x86_64 only, this is " + os + "/" + arch);
  }

  /** {@return whether this JVM runs as root (uid 0), on Linux} */
  public static boolean isRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return uid instanceof Integer i && i == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /**
   * Returns the executable of that name on the PATH, if any.
   *
   * @param command the command and its arguments
   * @return the executable of that name on the PATH, if any
   */
  public static Optional<Path> onPath(String command) {
    String path = System.getenv("PATH");
    List<String> dirs = new ArrayList<>();
    if (path != null) {
      dirs.addAll(List.of(path.split(File.pathSeparator)));
    }
    dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
    for (String dir : dirs) {
      Path candidate = Path.of(dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns a free TCP port on 127.0.0.1.
   *
   * @param alsoPlus10000 also require {@code port + 10000} to be free (Redis Cluster bus port)
   * @return a free TCP port on 127.0.0.1
   */
  public static int freePort(boolean alsoPlus10000) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port =
          alsoPlus10000 ? ThreadLocalRandom.current().nextInt(20000, 45000) : pickEphemeral();
      if (isFree(port) && (!alsoPlus10000 || isFree(port + 10000))) {
        return port;
      }
    }
    throw new IllegalStateException("could not find a free TCP port on 127.0.0.1");
  }

  private static int pickEphemeral() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not open a socket on 127.0.0.1", e);
    }
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Runs a short command and returns its output; fails with the output when it exits non-zero.
   *
   * @param command the command and its arguments
   * @return standard output and error, merged
   */
  public static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output;
      try (InputStream in = process.getInputStream()) {
        output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("command timed out: " + String.join(" ", command));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "command failed with exit code "
                + process.exitValue()
                + ": "
                + String.join(" ", command)
                + "\n"
                + output.strip());
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command.get(0), e);
    }
  }

  /**
   * The directory where extracted binaries are cached between runs, readable by every user (the
   * embedded PostgreSQL runs as {@code nobody} when the JVM is root).
   *
   * @return the directory where extracted binaries are cached between runs, readable by every user
   *     (the embedded PostgreSQL runs as {@code nobody} when the JVM is root)
   */
  public static Path cacheRoot() {
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9_.-]", "_");
    Path root = Path.of(System.getProperty("java.io.tmpdir"), "ledgerkit-embedded-" + user);
    try {
      Files.createDirectories(root);
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("could not create the binaries cache directory " + root, e);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to adjust
    }
    return root;
  }

  /**
   * Deletes a directory tree, ignoring files that vanish meanwhile.
   *
   * @param root the process
   */
  public static void deleteTree(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc)
                throws IOException {
              Files.deleteIfExists(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      // best effort: a temp directory left behind is not worth failing a test run
    }
  }

  /**
   * Returns the last lines of a log file, for error messages.
   *
   * @param log the log
   * @param lines the lines
   * @return the last lines of a log file, for error messages
   */
  public static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(no log at " + log + ")";
    }
  }

  /**
   * Sends a signal ({@code STOP} or {@code CONT}) to a process and all its descendants, for fault
   * tests that freeze a server with its connections open.
   *
   * @param root the process
   * @param signal the signal's name without {@code SIG}
   */
  public static void signalTree(ProcessHandle root, String signal) {
    java.util.Set<Long> done = new java.util.HashSet<>();
    // A child forked between listing the tree and the signal (a new backend) would escape a
    // single round; once the parent is stopped it cannot fork, so a second listing is complete.
    for (int round = 0; round < 5; round++) {
      List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
      if (done.add(root.pid())) {
        command.add(Long.toString(root.pid()));
      }
      root.descendants()
          .forEach(
              p -> {
                if (done.add(p.pid())) {
                  command.add(Long.toString(p.pid()));
                }
              });
      if (command.size() == 2) {
        return;
      }
      try {
        run(command);
      } catch (IllegalStateException e) {
        // kill signals every pid it can; one that exited meanwhile makes it fail: fine
      }
    }
  }

  /**
   * Sleeps briefly while polling for a server.
   *
   * @param millis the millis
   */
  public static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a server", e);
    }
  }
}
