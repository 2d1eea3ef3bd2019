package io.ledgerkit.persistence.nomicrometer;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Runs Ledgerkit with the metrics hooks unused, for {@code NoMicrometerTest}, which loads this
 * class through a class loader that has no Micrometer: H2, the memory store, auto-batching on.
 */
public final class CoreWithoutMicrometer implements Callable<String> {

  /** Creates the task. */
  public CoreWithoutMicrometer() {}

  @Override
  public String call() {
    try {
      Class.forName("io.micrometer.core.instrument.MeterRegistry");
      throw new IllegalStateException("Micrometer is visible; the test proves nothing");
    } catch (ClassNotFoundException expected) {
      // as it should be
    }
    // DriverManager loads drivers once per JVM, through the application class loader: register
    // this loader's own copy of the H2 driver, and deregister it when done.
    java.sql.Driver h2;
    try {
      h2 = (java.sql.Driver) Class.forName("org.h2.Driver").getDeclaredConstructor().newInstance();
      java.sql.DriverManager.registerDriver(h2);
    } catch (ReflectiveOperationException | java.sql.SQLException e) {
      throw new IllegalStateException("cannot load the H2 driver", e);
    }
    try {
      return run();
    } finally {
      try {
        java.sql.DriverManager.deregisterDriver(h2);
      } catch (java.sql.SQLException e) {
        // nothing to clean up then
      }
    }
  }

  private static String run() {
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl("jdbc:h2:mem:nomicrometer-" + UUID.randomUUID())
            .runMigration(true)
            .balanceStore("memory")
            .autoBatch(true)
            .load();
    try (Ledgerkit lk = Ledgerkit.start(config)) {
      AccountId a = AccountId.of("a");
      lk.balanceTracker().fulfill(a, 5, BalanceSettings.NONE);
      lk.balanceTracker().prepare(a, 2, 0);
      return lk.balanceTracker().getClass().getSimpleName()
          + " "
          + (lk.balanceTracker() instanceof AutoBatchingBalanceTracker)
          + " net="
          + lk.balanceTracker().balance(a).netBalance()
          + " applied="
          + lk.database().migrationStartup().orElseThrow().applied().size();
    }
  }
}
