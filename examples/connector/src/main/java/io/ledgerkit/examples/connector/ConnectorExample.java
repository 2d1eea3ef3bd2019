package io.ledgerkit.examples.connector;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity;
import java.util.List;
import java.util.Map;

/**
 * Runs the connector simulation on the configuration in {@code ./ledgerkit.properties} and the
 * {@code LEDGERKIT_*} environment: {@code balance.store=memory|redis|postgres} picks the store.
 */
public final class ConnectorExample {

  /** The seed of the packet stream. */
  public static final long SEED = 42;

  /** The largest packet amount. */
  public static final long MAX_AMOUNT = 500;

  /** How much carol prepays before sending. */
  public static final long CAROL_PREFUND = 4_000;

  private ConnectorExample() {}

  /**
   * The example's four peers and their settings.
   *
   * @return the settings
   */
  public static List<AccountSettingsEntity> accounts() {
    return List.of(
        account("alice", new BalanceSettings(-10_000L, null, 0)),
        account("bob", new BalanceSettings(-2_000L, 1_500L, 200)),
        account("carol", new BalanceSettings(0L, 1_000L, 0)),
        account("dave", new BalanceSettings(null, 800L, 100)));
  }

  private static AccountSettingsEntity account(String id, BalanceSettings settings) {
    return AccountSettingsEntity.of(
        AccountId.of(id), "USD", 2, "ILP_OVER_HTTP", settings, Map.of());
  }

  /**
   * Opens the accounts, prefunds carol and runs the packet stream.
   *
   * @param ledgerkit the running handle
   * @param packets how many packets
   * @return the report
   */
  public static SimulationReport run(Ledgerkit ledgerkit, int packets) {
    ConnectorSimulation simulation = new ConnectorSimulation(ledgerkit);
    simulation.openAccounts(accounts());
    simulation.prefund("carol-prefund-1", AccountId.of("carol"), CAROL_PREFUND);
    List<AccountId> ids = accounts().stream().map(AccountSettingsEntity::getAccountId).toList();
    return simulation.run(PacketStream.generate(SEED, packets, ids, MAX_AMOUNT));
  }

  /**
   * Runs 1,000 packets (or the number given as the first argument) and prints the balances.
   *
   * @param args optional packet count
   */
  public static void main(String[] args) {
    int packets = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    LedgerkitConfig config = LedgerkitConfig.configure().defaultPropertiesFile().load();
    System.out.println("configuration: " + config); // passwords are masked
    try (Ledgerkit ledgerkit = Ledgerkit.start(config)) {
      SimulationReport report = run(ledgerkit, packets);
      System.out.printf(
          "%d fulfilled, %d rejected, %d refused, %d settlements%n",
          report.fulfilled(), report.rejected(), report.refused(), report.settlements().size());
      for (AccountSettingsEntity a : accounts()) {
        AccountBalance b = ledgerkit.balanceTracker().balance(a.getAccountId());
        System.out.printf(
            "%-6s clearing %7d  prepaid %6d%n",
            a.getAccountId().value(), b.clearingBalance(), b.prepaidAmount());
      }
    }
  }
}
