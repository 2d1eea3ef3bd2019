package io.ledgerkit.persistence.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * No Micrometer on the classpath means no error: Ledgerkit (database, migrations, pool, memory
 * store, auto-batching) runs in a class loader that has the whole test classpath except Micrometer
 * and this module.
 */
@DisplayName("Ledgerkit without Micrometer")
class NoMicrometerTest {

  /** A child-first loader over the classpath that cannot see Micrometer or this module. */
  private static final class WithoutMicrometer extends URLClassLoader {
    WithoutMicrometer(URL[] urls) {
      super(urls, ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.startsWith("io.micrometer.")
          || name.startsWith("io.ledgerkit.persistence.micrometer.")) {
        throw new ClassNotFoundException(name + " is hidden: no Micrometer on this classpath");
      }
      return super.loadClass(name, resolve);
    }
  }

  @Test
  @DisplayName("starts, tracks a balance and closes with no Micrometer class loadable")
  void coreRunsWithoutMicrometer() throws Exception {
    String cp =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    int dropped = 0;
    for (String entry : cp.split(File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      String path = entry.replace('\\', '/');
      if (path.contains("/io/micrometer/")
          || path.contains("/persistence-micrometer/target/classes")) {
        dropped++;
        continue;
      }
      urls.add(new File(entry).toURI().toURL());
    }
    assertThat(dropped).as("Micrometer jars and this module's classes left out").isGreaterThan(1);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (WithoutMicrometer loader = new WithoutMicrometer(urls.toArray(URL[]::new))) {
      thread.setContextClassLoader(loader);
      Class<?> task =
          Class.forName(
              "io.ledgerkit.persistence.nomicrometer.CoreWithoutMicrometer", true, loader);
      assertThat(task.getClassLoader()).isSameAs(loader);
      @SuppressWarnings("unchecked")
      Callable<String> run = (Callable<String>) task.getDeclaredConstructor().newInstance();
      String result = run.call();
      assertThat(result).startsWith("AutoBatchingBalanceTracker true net=3 applied=");
      assertThat(result).doesNotEndWith("applied=0");
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
