package io.ledgerkit.examples.connector;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity;
import io.ledgerkit.persistence.jpa.repositories.AccountSettingsRepository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A connector's packet flow on Ledgerkit: account settings in the connector schema (database),
 * balances on the configured balance store.
 *
 * <p>For each packet: prepare on the incoming account (refused when it would go below the account's
 * minimum balance), then either fulfill on the outgoing account — which may trigger a settlement at
 * the account's threshold, sent and confirmed at once — or reject, which undoes the prepare.
 */
public final class ConnectorSimulation {

  private final AccountSettingsRepository accounts;
  private final BalanceTracker balances;

  /**
   * Creates the simulation on a started Ledgerkit.
   *
   * @param ledgerkit the running handle
   */
  public ConnectorSimulation(Ledgerkit ledgerkit) {
    Objects.requireNonNull(ledgerkit, "ledgerkit");
    this.accounts = ledgerkit.accountSettings();
    this.balances = ledgerkit.balanceTracker();
  }

  /**
   * Stores (or replaces) the settings of accounts.
   *
   * @param settings the settings
   */
  public void openAccounts(List<AccountSettingsEntity> settings) {
    settings.forEach(accounts::save);
  }

  /**
   * Records money a peer sent us ahead of its packets (an incoming settlement, idempotent by key).
   *
   * @param key the idempotency key of the settlement
   * @param account the peer's account
   * @param amount the amount
   */
  public void prefund(String key, AccountId account, long amount) {
    balances.incomingSettlement(key, account, amount);
  }

  /**
   * Runs packets through the connector, one after the other.
   *
   * @param packets the packets
   * @return what happened
   * @throws IllegalStateException when a packet names an account without stored settings
   */
  public SimulationReport run(List<Packet> packets) {
    Map<AccountId, BalanceSettings> settings = new HashMap<>();
    for (AccountSettingsEntity e : accounts.list()) {
      settings.put(e.getAccountId(), e.getBalanceSettings());
    }
    int fulfilled = 0;
    int rejected = 0;
    int refused = 0;
    List<PendingSettlement> settlements = new ArrayList<>();
    for (Packet p : packets) {
      BalanceSettings incoming = settingsOf(settings, p.from());
      BalanceSettings outgoing = settingsOf(settings, p.to());
      PrepareResult prepared;
      try {
        prepared =
            balances.prepare(new PrepareRequest(p.from(), p.amount(), incoming.minBalance()));
      } catch (InsufficientBalanceException e) {
        refused++;
        continue;
      }
      if (!p.fulfilled()) {
        balances.reject(prepared);
        rejected++;
        continue;
      }
      FulfillResult result = balances.fulfill(p.to(), p.amount(), outgoing);
      fulfilled++;
      result
          .pendingSettlement()
          .ifPresent(
              s -> {
                // A real connector hands the settlement to its settlement engine here and
                // confirms it when the engine reports success.
                balances.settlementSucceeded(s.id());
                settlements.add(s);
              });
    }
    return new SimulationReport(fulfilled, rejected, refused, settlements);
  }

  private static BalanceSettings settingsOf(Map<AccountId, BalanceSettings> all, AccountId id) {
    BalanceSettings s = all.get(id);
    if (s == null) {
      throw new IllegalStateException(
          "no settings stored for account " + id + "; open it with openAccounts(...) first");
    }
    return s;
  }
}
