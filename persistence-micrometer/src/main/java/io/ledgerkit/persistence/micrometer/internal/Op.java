package io.ledgerkit.persistence.micrometer.internal;

/**
 * The operation kinds of a {@link io.ledgerkit.persistence.balance.BalanceTracker}, one per method
 * (overloads that only fill in defaults share their target's kind), with their {@code operation}
 * tag values. Not a public API.
 */
public enum Op {
  /** {@code balance(AccountId)}. */
  BALANCE("balance", false),
  /** {@code prepare(PrepareRequest)}. */
  PREPARE("prepare", true),
  /** {@code reject(PrepareResult)}. */
  REJECT("reject", true),
  /** {@code commit(HoldRef)}. */
  COMMIT("commit", true),
  /** {@code reject(HoldRef)}. */
  REJECT_HOLD("reject_hold", true),
  /** {@code commitHolds(List)}. */
  COMMIT_HOLDS("commit_holds", true),
  /** {@code rejectHolds(List)}. */
  REJECT_HOLDS("reject_holds", true),
  /** {@code hold(HoldRef)}. */
  HOLD("hold", false),
  /** {@code holds(AccountId)}. */
  HOLDS("holds", false),
  /** {@code holds(String, int)}. */
  HOLDS_PAGE("holds_page", false),
  /** {@code expireHolds(int)}. */
  EXPIRE_HOLDS("expire_holds", true),
  /** {@code journal(AccountId, long, int)}. */
  JOURNAL("journal", false),
  /** {@code fulfill(FulfillRequest)}. */
  FULFILL("fulfill", true),
  /** {@code settlementSucceeded(SettlementId)}. */
  SETTLEMENT_SUCCEEDED("settlement_succeeded", true),
  /** {@code settlementFailed(SettlementId)}. */
  SETTLEMENT_FAILED("settlement_failed", true),
  /** {@code pendingSettlements(AccountId)}. */
  PENDING_SETTLEMENTS("pending_settlements", false),
  /** {@code pendingSettlements()}. */
  ALL_PENDING_SETTLEMENTS("all_pending_settlements", false),
  /** {@code pendingSettlements(String, int)}. */
  PENDING_SETTLEMENTS_PAGE("pending_settlements_page", false),
  /** {@code incomingSettlement(String, AccountId, long)}. */
  INCOMING_SETTLEMENT("incoming_settlement", true),
  /** {@code prepareAll(List)}. */
  PREPARE_ALL("prepare_all", true),
  /** {@code fulfillAll(List)}. */
  FULFILL_ALL("fulfill_all", true),
  /** {@code rejectAll(List)}. */
  REJECT_ALL("reject_all", true);

  private final String tag;
  private final boolean write;

  Op(String tag, boolean write) {
    this.tag = tag;
    this.write = write;
  }

  /**
   * The {@code operation} tag value.
   *
   * @return for example {@code prepare_all}
   */
  public String tag() {
    return tag;
  }

  /**
   * Whether the operation changes the store ({@code applied}) or only reads it ({@code ok}).
   *
   * @return {@code true} for a write
   */
  public boolean write() {
    return write;
  }
}
