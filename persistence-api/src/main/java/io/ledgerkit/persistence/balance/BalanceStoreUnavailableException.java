package io.ledgerkit.persistence.balance;

import java.util.Objects;

/**
 * The balance store could not be reached or did not answer in time. This is an infrastructure
 * failure, never a business answer. Whether the failed operation may have been applied is part of
 * the exception, as data: {@link #applied()} is {@link Applied#NO} when the store certainly applied
 * nothing (the request was never sent, or the store refused or rolled it back), and {@link
 * Applied#UNKNOWN} when the request was sent and no answer came back (a read timeout, a connection
 * lost in flight): the outcome is then in doubt and the caller must reconcile (read the balance, or
 * retry an idempotent operation) rather than treat it as a refusal or simply repeat it.
 *
 * <p>Create it with {@link #notApplied(String, Throwable)} or {@link #inDoubt(String, Throwable)},
 * so that every thrower says which it is.
 *
 * <p>A {@link RuntimeException}, deliberately not a {@link BalanceException}. Retryable once the
 * store is back: identified operations as they are, unidentified ones after reading the balance
 * when {@link #mayHaveBeenApplied()}.
 */
public final class BalanceStoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 2L;

  /** Whether a failed operation may have been applied. */
  public enum Applied {
    /** The store certainly applied nothing: the operation may be repeated as it is. */
    NO,
    /** The request reached the store and the outcome is unknown: reconcile before repeating. */
    UNKNOWN
  }

  /** Whether the operation may have been applied. */
  private final Applied applied;

  /**
   * Creates the exception.
   *
   * @param message which store and what failed
   * @param applied whether the operation may have been applied
   * @param cause the store client's exception, or {@code null}
   */
  public BalanceStoreUnavailableException(String message, Applied applied, Throwable cause) {
    super(message, cause);
    this.applied = Objects.requireNonNull(applied, "applied");
  }

  /**
   * A failure after which the store certainly applied nothing.
   *
   * @param message which store and what failed
   * @param cause the store client's exception, or {@code null}
   * @return the exception
   */
  public static BalanceStoreUnavailableException notApplied(String message, Throwable cause) {
    return new BalanceStoreUnavailableException(message, Applied.NO, cause);
  }

  /**
   * A failure after the request was sent: the operation may or may not have been applied.
   *
   * @param message which store and what failed
   * @param cause the store client's exception, or {@code null}
   * @return the exception
   */
  public static BalanceStoreUnavailableException inDoubt(String message, Throwable cause) {
    return new BalanceStoreUnavailableException(message, Applied.UNKNOWN, cause);
  }

  /**
   * Whether the failed operation may have been applied.
   *
   * @return {@link Applied#NO} when certainly not, {@link Applied#UNKNOWN} when in doubt
   */
  public Applied applied() {
    return applied;
  }

  /**
   * Whether the failed operation may have been applied: {@code false} means the store certainly
   * applied nothing, {@code true} that the outcome is in doubt.
   *
   * @return {@code true} when in doubt
   */
  public boolean mayHaveBeenApplied() {
    return applied == Applied.UNKNOWN;
  }

  /**
   * A copy of this exception for another caller (same message and flag, this one as the cause).
   *
   * @return the copy
   */
  public BalanceStoreUnavailableException copy() {
    return new BalanceStoreUnavailableException(getMessage(), applied, this);
  }
}
