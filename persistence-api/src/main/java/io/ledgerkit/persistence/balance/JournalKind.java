package io.ledgerkit.persistence.balance;

/** What changed an account, as recorded in its journal. */
public enum JournalKind {
  /** A prepare took an amount (identified or not). */
  PREPARE,
  /** A hold was committed; the balance does not change. */
  COMMIT,
  /** A prepare was rejected: its split went back. */
  REJECT,
  /** A hold expired: its split went back. */
  EXPIRY,
  /** A fulfill added to clearing. */
  FULFILL,
  /** A fulfill opened a settlement: its amount left clearing. */
  SETTLEMENT_OPENED,
  /** A settlement closed as succeeded; the balance does not change. */
  SETTLEMENT_SUCCEEDED,
  /** A settlement closed as failed: its amount went back onto clearing. */
  SETTLEMENT_FAILED,
  /** Money received from a peer. */
  INCOMING_SETTLEMENT
}
