package io.ledgerkit.persistence.balance;

import java.time.Instant;

/**
 * An operation id was reused for a different request on its account (another amount, minimum or
 * kind of operation), or a hold was asked to reach a state it cannot reach (commit after reject,
 * reject after commit). Nothing was changed. It is a caller's bug, not a transient failure: do not
 * retry it.
 *
 * <p>A {@link BalanceException}.
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

  /**
   * The refusal of an operation id reused for another request on its account.
   *
   * @param account the account
   * @param id the operation id
   * @param was what the id named first, e.g. {@link #describePrepare(Object, Object)}
   * @param now what the call asked, in the same words
   * @return the exception
   */
  public static OperationConflictException reused(
      AccountId account, OperationId id, String was, String now) {
    return new OperationConflictException(
        new HoldRef(account, id),
        "operation id '"
            + id
            + "' on account "
            + account
            + " was used for "
            + was
            + "; it cannot be reused for "
            + now
            + "; nothing changed");
  }

  /**
   * The refusal to treat an identified fulfill as a hold.
   *
   * @param ref the account and id, which name a fulfill
   * @return the exception
   */
  public static OperationConflictException namesAFulfill(HoldRef ref) {
    return new OperationConflictException(
        ref,
        "operation id '"
            + ref.id()
            + "' on account "
            + ref.account()
            + " names a fulfill, not a hold");
  }

  /**
   * The refusal to move a resolved hold to the other final state: commit after reject, reject after
   * commit.
   *
   * @param ref the hold
   * @param state its state, {@link HoldState#COMMITTED} or {@link HoldState#REJECTED}
   * @param resolvedAt when it reached that state
   * @return the exception
   */
  public static OperationConflictException alreadyResolved(
      HoldRef ref, HoldState state, Instant resolvedAt) {
    boolean committed = state == HoldState.COMMITTED;
    return new OperationConflictException(
        ref,
        "hold "
            + ref
            + " was "
            + (committed ? "committed" : "rejected")
            + " at "
            + resolvedAt
            + "; it cannot be "
            + (committed ? "rejected" : "committed")
            + "; nothing changed");
  }

  /**
   * The refusal to reject a hold through a prepare result of another amount.
   *
   * @param ref the hold
   * @param held the hold's amount
   * @param asked the amount of the prepare result given
   * @return the exception
   */
  public static OperationConflictException otherAmount(HoldRef ref, Object held, Object asked) {
    return new OperationConflictException(
        ref,
        "hold " + ref + " is a prepare of " + held + ", not of " + asked + "; nothing changed");
  }

  /**
   * Describes a prepare for {@link #reused}: {@code a prepare of 10 with minimum -5}.
   *
   * @param amount the amount
   * @param minBalance the minimum, or {@code null} (or an empty string) for none
   * @return the words
   */
  public static String describePrepare(Object amount, Object minBalance) {
    boolean none = minBalance == null || minBalance.toString().isEmpty();
    return "a prepare of " + amount + (none ? "" : " with minimum " + minBalance);
  }

  /**
   * Describes a fulfill for {@link #reused}: {@code a fulfill of 10}.
   *
   * @param amount the amount
   * @return the words
   */
  public static String describeFulfill(Object amount) {
    return "a fulfill of " + amount;
  }
}
