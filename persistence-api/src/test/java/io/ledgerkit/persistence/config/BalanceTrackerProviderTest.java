package io.ledgerkit.persistence.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchSettings;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BalanceTrackerProviderTest {

  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void theInMemoryStoreIsRegisteredWithTheServiceLoader() {
    assertThat(ServiceLoader.load(BalanceTrackerProvider.class, loader).stream())
        .extracting(p -> p.get().store())
        .contains("memory");
    assertThat(BalanceTrackerProvider.available(loader))
        .extracting(BalanceTrackerProvider::store)
        .containsOnlyOnce("memory");
  }

  @Test
  void theMemoryProviderCreatesAWorkingTracker() {
    LedgerkitConfig config = LedgerkitConfig.defaults();
    AccountId alice = new AccountId("alice");

    try (BalanceTracker tracker =
        BalanceTrackerProvider.forStore(config.balance().store(), loader).create(config)) {
      assertThat(tracker).isInstanceOf(InMemoryBalanceTracker.class);
      tracker.incomingSettlement("settle-1", alice, 100);
      PrepareResult prepared = tracker.prepare(alice, 30);
      tracker.fulfill(alice, 5, BalanceSettings.NONE);

      assertThat(prepared.account()).isEqualTo(alice);
      assertThat(tracker.balance(alice).netBalance()).isEqualTo(75);
    }
  }

  @Test
  void autoBatchWrapsTheTracker() {
    LedgerkitConfig config =
        LedgerkitConfig.configure().environment(Map.of()).autoBatch(true).load();
    AccountId bob = new AccountId("bob");

    try (BalanceTracker tracker = BalanceTrackerProvider.createTracker(config, loader)) {
      assertThat(tracker).isInstanceOf(AutoBatchingBalanceTracker.class);
      assertThat(((AutoBatchingBalanceTracker) tracker).settings())
          .isEqualTo(AutoBatchSettings.DEFAULTS);
      tracker.fulfill(bob, 12, BalanceSettings.NONE);
      assertThat(tracker.balance(bob).clearingBalance()).isEqualTo(12);
    }
    try (BalanceTracker plain =
        BalanceTrackerProvider.createTracker(LedgerkitConfig.defaults(), loader)) {
      assertThat(plain).isInstanceOf(InMemoryBalanceTracker.class);
    }
  }

  @Test
  void aMissingStoreNamesTheModuleToAdd() {
    assertThatThrownBy(() -> BalanceTrackerProvider.forStore("redis", loader))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no balance store 'redis'")
        .hasMessageContaining("io.ledgerkit:persistence-balance-redis")
        .hasMessageContaining("Stores found: memory");
    assertThatThrownBy(() -> BalanceTrackerProvider.forStore("postgres", loader))
        .hasMessageContaining("io.ledgerkit:persistence-balance-postgres");
    assertThatThrownBy(() -> BalanceTrackerProvider.forStore("cassandra", loader))
        .hasMessageContaining(
            "META-INF/services/io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider");
  }

  @Test
  void aProviderThatFailsToLoadIsNamedNotHidden(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve(BalanceTrackerProvider.class.getName()),
        "com.example.balance.MissingRedisProvider\n");
    try (URLClassLoader withBroken = new URLClassLoader(new URL[] {dir.toUri().toURL()}, loader)) {
      // the broken registration does not hide the working ones
      assertThat(BalanceTrackerProvider.forStore("memory", withBroken).store()).isEqualTo("memory");
      // and a store that is not found says that a provider failed to load, and which
      assertThatThrownBy(() -> BalanceTrackerProvider.forStore("redis", withBroken))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no balance store 'redis'")
          .hasMessageContaining("failed to load")
          .hasMessageContaining("com.example.balance.MissingRedisProvider");
    }
  }
}
