package com.example.iou;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.UUID;

/** Records an IOU in the vault and tracks a balance, on the configuration in ledgerkit.properties. */
public final class App {
  private App() {}

  /** What one run saw. */
  public record Result(int unconsumedIous, long aliceNet, long bobNet) {}

  public static void main(String[] args) {
    Result result = run(LedgerkitConfig.configure().defaultPropertiesFile().load()); // ./ledgerkit.properties and LEDGERKIT_* variables
    System.out.println(result);
  }

  public static Result run(LedgerkitConfig config) {
    Party bank = party("O=Bank A,L=London,C=GB");
    Party shop = party("O=Shop B,L=Paris,C=FR");
    try (Ledgerkit ledgerkit =
        Ledgerkit.configure(config).identityService(InMemoryIdentityService.of(bank, shop)).start()) {
      // 1. Record a state in the vault, in one transaction, and query it.
      PersistenceDatabase db = ledgerkit.database();
      IouState iou = new IouState(bank, shop, 10_000);
      StateRef ref = new StateRef(UUID.randomUUID().toString(), 0);
      db.transaction(
          session -> {
            db.vault().record(List.of(new StateAndRef<>(iou, ref)));
            return null;
          });
      int unconsumed =
          db.transaction(session -> db.vault().unconsumed(IouSchemaV1.PersistentIou.class).size());

      // 2. Track a balance: a packet of 250 from alice to bob.
      BalanceTracker balances = ledgerkit.balanceTracker();
      AccountId alice = AccountId.of("alice");
      AccountId bob = AccountId.of("bob");
      balances.prepare(alice, 250, -1_000); // refused if alice would go below -1,000
      balances.fulfill(bob, 250, BalanceSettings.NONE);
      return new Result(
          unconsumed, balances.balance(alice).netBalance(), balances.balance(bob).netBalance());
    }
  }

  /** A party: an X.500 name and a public key (here a fresh P-256 key). */
  static Party party(String x500Name) {
    try {
      KeyPairGenerator keys = KeyPairGenerator.getInstance("EC");
      keys.initialize(256);
      return new Party(x500Name, keys.generateKeyPair().getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC key generator in this JVM", e);
    }
  }
}
