package io.ledgerkit.persistence.config.docs;

// tag::tracker[]
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import io.ledgerkit.persistence.config.LedgerkitConfig;

// end::tracker[]

/** The balance-store example of docs/configuration.md, run by {@code ConfigurationDocsTest}. */
public final class TrackerExample {
  private TrackerExample() {}

  /**
   * Runs the example.
   *
   * @return alice's net balance after the fulfill
   */
  public static long run() {
    // tag::tracker[]
    LedgerkitConfig config = LedgerkitConfig.defaults(); // balance.store=memory
    ClassLoader classLoader = TrackerExample.class.getClassLoader();
    try (BalanceTracker tracker = BalanceTrackerProvider.createTracker(config, classLoader)) {
      tracker.fulfill(new AccountId("alice"), 10, BalanceSettings.NONE);
      long net = tracker.balance(new AccountId("alice")).netBalance(); // 10
      // end::tracker[]
      return net;
      // tag::tracker[]
    }
    // end::tracker[]
  }
}
