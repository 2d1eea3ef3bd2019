package io.ledgerkit.persistence.balance;

/**
 * An operation id was reused for a different request on its account (another amount, minimum or
 * kind of operation), or a hold was asked to reach a state it cannot reach (commit after reject,
 * reject after commit). Nothing was changed. It is a caller's bug, not a transient failure: do not
 * retry it.
 */
public final class OperationConflictException extends BalanceException {
  private static final long serialVersionUID = 1L;

  private final transient HoldRef ref;

  /**
   * Creates the exception.
   *
   * @param ref the hold or operation concerned
   * @param message what conflicts with what
   */
  public OperationConflictException(HoldRef ref, String message) {
    super(message);
    this.ref = ref;
  }

  /**
   * The account and operation id concerned.
   *
   * @return the reference
   */
  public HoldRef ref() {
    return ref;
  }
}
