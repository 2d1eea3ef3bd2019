package io.ledgerkit.examples.node;

import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.schema.StateAndRef;
import java.util.List;

/**
 * Runs the node on {@code ./ledgerkit.properties} and the {@code LEDGERKIT_*} environment: issues
 * three IOUs, pays one off, and prints what the two queries see.
 */
public final class NodeExample {
  private NodeExample() {}

  /**
   * The entry point.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    Party bank = Parties.named("Bank A");
    Party shop = Parties.named("Shop B");
    LedgerkitConfig config = LedgerkitConfig.configure().defaultPropertiesFile().load();
    try (Ledgerkit ledgerkit =
        Ledgerkit.configure(config)
            .identityService(InMemoryIdentityService.of(bank, shop))
            .start()) {
      IouService ious = new IouService(ledgerkit.database());
      List<StateAndRef<IouState>> issued =
          ious.issue(
              List.of(
                  new IouState(bank, shop, 10_000, "EUR", "inv-1"),
                  new IouState(bank, shop, 2_500, "EUR", "inv-2"),
                  new IouState(shop, bank, 700, "GBP", "refund-7")));
      ious.payOff(List.of(issued.get(1).ref()));
      System.out.println("outstanding EUR IOUs (JPA): " + ious.outstanding("EUR").size());
      System.out.println("owed per lender (SQL): " + ious.owedPerLender());
    }
  }
}
