package io.ledgerkit.examples.connector;

import io.ledgerkit.persistence.balance.PendingSettlement;
import java.util.List;

/**
 * What a simulation did.
 *
 * @param fulfilled packets fulfilled
 * @param rejected packets rejected by the next hop (their prepare undone)
 * @param refused packets refused because the incoming account's balance was too low
 * @param settlements settlements triggered by fulfills, all confirmed, in order
 */
public record SimulationReport(
    int fulfilled, int rejected, int refused, List<PendingSettlement> settlements) {

  /** Copies the list. */
  public SimulationReport {
    settlements = List.copyOf(settlements);
  }
}
