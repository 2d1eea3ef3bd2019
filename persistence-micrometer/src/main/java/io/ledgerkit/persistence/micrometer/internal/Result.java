package io.ledgerkit.persistence.micrometer.internal;

import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.HoldExpiredException;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.OperationConflictException;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.UnknownHoldException;
import io.ledgerkit.persistence.balance.UnknownSettlementException;

/** The {@code outcome} tag values of one operation. Not a public API. */
public enum Result {
  /** A write that changed the store. */
  APPLIED("applied"),
  /**
   * An exactly-once repeat answered from the first result ({@code replayed()}); nothing changed.
   */
  REPLAYED("replayed"),
  /** A read that answered. */
  OK("ok"),
  /** {@link InsufficientBalanceException}. */
  INSUFFICIENT("insufficient"),
  /** {@link OperationConflictException} or {@link SettlementConflictException}. */
  CONFLICT("conflict"),
  /** {@link HoldExpiredException}. */
  EXPIRED("expired"),
  /** {@link BalanceOverflowException}. */
  OVERFLOW("overflow"),
  /** {@link UnknownHoldException} or {@link UnknownSettlementException}. */
  NOT_FOUND("not_found"),
  /** {@link BalanceStoreUnavailableException} that certainly applied nothing. */
  STORE_UNAVAILABLE("store_unavailable"),
  /** {@link BalanceStoreUnavailableException} after which the operation may have been applied. */
  IN_DOUBT("in_doubt"),
  /** {@link IllegalArgumentException} or {@link NullPointerException}: bad input, nothing sent. */
  INVALID("invalid"),
  /** Any other exception (a closed tracker, a data error, an unsupported operation). */
  ERROR("error");

  private final String tag;

  Result(String tag) {
    this.tag = tag;
  }

  /**
   * The {@code outcome} tag value.
   *
   * @return for example {@code in_doubt}
   */
  public String tag() {
    return tag;
  }

  /**
   * The outcome an exception stands for.
   *
   * @param error the exception the tracker threw or put in a batch item
   * @return its outcome
   */
  public static Result of(Throwable error) {
    if (error instanceof BalanceStoreUnavailableException e) {
      return e.mayHaveBeenApplied() ? IN_DOUBT : STORE_UNAVAILABLE;
    }
    if (error instanceof InsufficientBalanceException) {
      return INSUFFICIENT;
    }
    if (error instanceof OperationConflictException
        || error instanceof SettlementConflictException) {
      return CONFLICT;
    }
    if (error instanceof HoldExpiredException) {
      return EXPIRED;
    }
    if (error instanceof BalanceOverflowException) {
      return OVERFLOW;
    }
    if (error instanceof UnknownHoldException || error instanceof UnknownSettlementException) {
      return NOT_FOUND;
    }
    if (error instanceof IllegalArgumentException || error instanceof NullPointerException) {
      return INVALID;
    }
    return ERROR;
  }
}
