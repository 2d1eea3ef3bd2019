package io.ledgerkit.persistence.balance;

/**
 * No pending or recently closed settlement has the given id. Nothing was changed.
 *
 * <p>A {@link BalanceException}. Not retryable: list the open settlements with {@code
 * pendingSettlements(account)}.
 */
public final class UnknownSettlementException extends BalanceException {
  private static final long serialVersionUID = 1L;

  /** The settlement id no pending settlement has. */
  private final SettlementId id;

  /**
   * Creates the exception.
   *
   * @param id the id that was not found
   */
  public UnknownSettlementException(SettlementId id) {
    super(
        "no pending settlement "
            + id
            + "; list open ones with BalanceTracker.pendingSettlements(account)");
    this.id = id;
  }

  /**
   * The id that was not found.
   *
   * @return the id
   */
  public SettlementId id() {
    return id;
  }
}
