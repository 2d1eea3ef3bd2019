package io.ledgerkit.persistence.testkit.internal;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The one-line notes the testkit's extensions leave in the build output: why a test that needs a
 * real store is skipped (once per test class and reason), and which store the tests of a JVM run on
 * (once per JVM and store).
 *
 * <p>A note is published as a JUnit report entry under {@link #REPORT_KEY} (IDEs show it next to
 * the test) and written to the process's own standard error, {@link FileDescriptor#err}, not to
 * {@code System.err}: Maven Surefire with {@code redirectTestOutputToFile} sends {@code System.err}
 * of a test to a report file, but copies a forked JVM's native standard error to the console, so
 * the note shows in the build log. The "once" is kept in the store of the JUnit root context, which
 * lives as long as the test run of the JVM.
 */
public final class BuildLog {
  /** The prefix of every line, to find the notes in a build log. */
  public static final String PREFIX = "[ledgerkit-testkit] ";

  /** The key of the JUnit report entries carrying the notes. */
  public static final String REPORT_KEY = "ledgerkit-testkit";

  private static final Namespace NAMESPACE = Namespace.create(BuildLog.class);

  private static final PrintStream NATIVE_STDERR =
      new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

  private BuildLog() {}

  /**
   * Notes that the running test is skipped for that reason, unless a test of the same class was
   * already noted with the same reason.
   *
   * @param context the context of the skipped test
   * @param reason the skip message, naming what was missing and how to provide it
   */
  public static void skipped(ExtensionContext context, String reason) {
    String testClass = testClass(context);
    note(context, "skip " + testClass + " " + reason, () -> skipLine(testClass, reason));
  }

  /**
   * Notes the store the tests run on, unless it was already noted in this JVM.
   *
   * @param context the context of the test that resolved the store
   * @param key identifies the store within the JVM: a key is noted once
   * @param source describes the store, e.g. "embedded Redis 6.2.11 on port 41234"; asked only for
   *     the first note of the key (it may ask the server its version)
   */
  public static void using(ExtensionContext context, String key, Supplier<String> source) {
    note(context, "use " + key, () -> usingLine(source.get(), testClass(context)));
  }

  /** Returns the line noting a skipped test class. */
  static String skipLine(String testClass, String reason) {
    return PREFIX + "SKIPPED " + testClass + ": " + reason;
  }

  /** Returns the line noting the store a JVM's tests run on, and the first test class using it. */
  static String usingLine(String source, String testClass) {
    return PREFIX + "using " + source + " (first for " + testClass + ")";
  }

  private static String testClass(ExtensionContext context) {
    return context.getTestClass().map(Class::getName).orElse(context.getDisplayName());
  }

  private static void note(ExtensionContext context, String key, Supplier<String> line) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    store.getOrComputeIfAbsent(
        key,
        k -> {
          String text = line.get();
          context.publishReportEntry(REPORT_KEY, text.substring(PREFIX.length()));
          NATIVE_STDERR.println(text);
          return Boolean.TRUE;
        });
  }
}
