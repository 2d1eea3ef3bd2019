package io.ledgerkit.persistence.balance;

/**
 * No hold has this account and operation id: it was never prepared, or its record is older than the
 * tracker's operation retention. Nothing was changed.
 *
 * <p>A {@link BalanceException}. Not retryable: check the account and the id.
 */
public final class UnknownHoldException extends BalanceException {
  private static final long serialVersionUID = 1L;

  private final transient HoldRef ref;

  /**
   * Creates the exception.
   *
   * @param ref the hold that was not found
   */
  public UnknownHoldException(HoldRef ref) {
    super(
        "no hold "
            + ref
            + " (never prepared with that id, or older than the operation retention); list held"
            + " ones with BalanceTracker.holds(account)");
    this.ref = ref;
  }

  /**
   * The hold that was not found.
   *
   * @return the reference
   */
  public HoldRef ref() {
    return ref;
  }
}
