package io.ledgerkit.persistence.balance;

import java.util.Objects;

/**
 * How a pending settlement was closed. Closing it again the same way returns an equal outcome.
 *
 * @param settlement the settlement that was closed
 * @param status whether it succeeded or failed
 */
public record SettlementOutcome(PendingSettlement settlement, Status status) {

  /**
   * Validates the outcome: both parts required.
   *
   * @param settlement the settlement that was closed
   * @param status whether it succeeded or failed
   */
  public SettlementOutcome {
    Objects.requireNonNull(settlement, "settlement");
    Objects.requireNonNull(status, "status");
  }

  /** The way a settlement was closed. */
  public enum Status {
    /** The money moved; the settlement is gone. */
    SUCCEEDED,
    /** The money did not move; its amount went back onto the clearing balance. */
    FAILED
  }
}
