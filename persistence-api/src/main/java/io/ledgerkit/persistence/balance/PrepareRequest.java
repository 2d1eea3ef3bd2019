package io.ledgerkit.persistence.balance;

import io.ledgerkit.persistence.balance.spi.Amounts;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A request to prepare (reserve) an amount on an account.
 *
 * <p>With an {@link OperationId} the prepare is <em>identified</em>: it becomes a {@link Hold} kept
 * with the account, a repeat of the same request (same account, amount, minimum and id) returns the
 * first result without changing anything, and the id with another amount or minimum is refused with
 * {@link OperationConflictException}. Without an id, a retried prepare may apply twice: such
 * prepares are at most once under faults.
 *
 * @param account the account to take from
 * @param amount the amount, not negative
 * @param minBalance the lowest net balance the prepare may leave, or {@code null} for no limit
 * @param id the operation id, or {@code null} for an unidentified prepare
 * @param expiresAt when the hold expires by the store's clock (kept to the millisecond), or {@code
 *     null} for never; only an identified prepare may expire
 */
public record PrepareRequest(
    AccountId account, long amount, Long minBalance, OperationId id, Instant expiresAt) {

  /**
   * Validates the request: account required, amount not negative, expiry only with an id.
   *
   * @param account the account to take from
   * @param amount the amount, not negative
   * @param minBalance the lowest net balance the prepare may leave, or {@code null} for no limit
   * @param id the operation id, or {@code null} for an unidentified prepare
   * @param expiresAt when the hold expires by the store's clock (kept to the millisecond), or
   *     {@code null} for never; only an identified prepare may expire
   */
  public PrepareRequest {
    Objects.requireNonNull(account, "account");
    Amounts.requireNonNegative("amount", amount);
    if (expiresAt != null) {
      if (id == null) {
        throw new IllegalArgumentException(
            "expiresAt "
                + expiresAt
                + " needs an operation id: only an identified prepare is a hold that can expire;"
                + " add withId(OperationId.random())");
      }
      expiresAt = expiresAt.truncatedTo(ChronoUnit.MILLIS);
    }
  }

  /**
   * An unidentified prepare.
   *
   * @param account the account to take from
   * @param amount the amount, not negative
   * @param minBalance the lowest net balance the prepare may leave, or {@code null} for no limit
   */
  public PrepareRequest(AccountId account, long amount, Long minBalance) {
    this(account, amount, minBalance, null, null);
  }

  /**
   * A prepare with no minimum balance.
   *
   * @param account the account
   * @param amount the amount, not negative
   * @return the request
   */
  public static PrepareRequest of(AccountId account, long amount) {
    return new PrepareRequest(account, amount, null);
  }

  /**
   * Returns a copy identified by {@code operationId}.
   *
   * @param operationId the operation id
   * @return the identified request
   */
  public PrepareRequest withId(OperationId operationId) {
    Objects.requireNonNull(operationId, "operationId");
    return new PrepareRequest(account, amount, minBalance, operationId, expiresAt);
  }

  /**
   * Returns a copy whose hold expires at {@code instant} (the request must be identified).
   *
   * @param instant the expiry, by the store's clock
   * @return the new request
   */
  public PrepareRequest expiringAt(Instant instant) {
    Objects.requireNonNull(instant, "instant");
    return new PrepareRequest(account, amount, minBalance, id, instant);
  }

  /**
   * Returns a copy with another minimum balance.
   *
   * @param min the lowest net balance the prepare may leave, or {@code null} for no limit
   * @return the new request
   */
  public PrepareRequest withMinBalance(Long min) {
    return new PrepareRequest(account, amount, min, id, expiresAt);
  }

  /**
   * Tells whether {@code other} is the same request for idempotency: same account, amount, minimum
   * and id (the expiry is not compared; the first one stands).
   *
   * @param other another request
   * @return {@code true} when a repeat of {@code other} would be a replay of this one
   */
  public boolean sameRequestAs(PrepareRequest other) {
    return account.equals(other.account)
        && amount == other.amount
        && Objects.equals(minBalance, other.minBalance)
        && Objects.equals(id, other.id);
  }
}
