package io.ledgerkit.persistence.balance;

import java.time.Instant;
import java.util.Objects;

/**
 * An identified prepare, kept with its account: what it took, when, until when, and its state.
 * Times are the store's clock, to the millisecond.
 *
 * @param account the account
 * @param id the prepare's operation id
 * @param amount the prepared amount, {@code fromPrepaid + fromClearing}
 * @param fromPrepaid the part taken from the prepaid amount
 * @param fromClearing the part taken from the clearing balance
 * @param createdAt when the store applied the prepare
 * @param expiresAt when the hold expires, or {@code null} for never
 * @param state the hold's state
 * @param resolvedAt when it left {@link HoldState#HELD}, or {@code null} while held
 */
public record Hold(
    AccountId account,
    OperationId id,
    long amount,
    long fromPrepaid,
    long fromClearing,
    Instant createdAt,
    Instant expiresAt,
    HoldState state,
    Instant resolvedAt) {

  /**
   * Validates the hold: parts not negative and summing to the amount.
   *
   * @param account the account
   * @param id the prepare's operation id
   * @param amount the prepared amount, {@code fromPrepaid + fromClearing}
   * @param fromPrepaid the part taken from the prepaid amount
   * @param fromClearing the part taken from the clearing balance
   * @param createdAt when the store applied the prepare
   * @param expiresAt when the hold expires, or {@code null} for never
   * @param state the hold's state
   * @param resolvedAt when it left {@link HoldState#HELD}, or {@code null} while held
   */
  public Hold {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(state, "state");
    if (fromPrepaid < 0 || fromClearing < 0 || fromPrepaid + fromClearing != amount) {
      throw new IllegalArgumentException(
          "hold parts fromPrepaid "
              + fromPrepaid
              + " + fromClearing "
              + fromClearing
              + " must be non-negative and equal amount "
              + amount);
    }
  }

  /**
   * Returns the reference to this hold.
   *
   * @return the reference
   */
  public HoldRef ref() {
    return new HoldRef(account, id);
  }

  /**
   * Tells whether the hold is still held and its expiry is at or before {@code now}.
   *
   * @param now the store's time
   * @return {@code true} when the hold is due to expire
   */
  public boolean expiredAt(Instant now) {
    return state == HoldState.HELD && expiresAt != null && !expiresAt.isAfter(now);
  }
}
