package io.ledgerkit.persistence.balance;

/** Where a hold is in its life. Only {@link #HELD} can change, and only once. */
public enum HoldState {
  /** Prepared, neither committed nor released: the amount is taken from the account. */
  HELD,
  /** Committed: the prepare is final (the packet was fulfilled downstream). */
  COMMITTED,
  /** Rejected: the exact split went back to prepaid and clearing. */
  REJECTED,
  /** Expired: its {@code expiresAt} passed and the exact split went back, by the store's clock. */
  EXPIRED;

  /**
   * Tells whether the hold's amount went back to the account.
   *
   * @return {@code true} for {@link #REJECTED} and {@link #EXPIRED}
   */
  public boolean released() {
    return this == REJECTED || this == EXPIRED;
  }
}
