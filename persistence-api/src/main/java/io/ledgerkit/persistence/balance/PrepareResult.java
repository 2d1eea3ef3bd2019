package io.ledgerkit.persistence.balance;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a successful prepare did: how much it took from prepaid and from clearing, and the balance
 * right after. Pass it to {@link BalanceTracker#reject(PrepareResult)} to undo exactly that
 * prepare; an identified one is released once, however often it is rejected.
 *
 * @param account the account
 * @param amount the prepared amount, {@code fromPrepaid + fromClearing}
 * @param fromPrepaid the part taken from the prepaid amount
 * @param fromClearing the part taken from the clearing balance
 * @param balance the account's balance right after the prepare (on a replay, the balance recorded
 *     by the first call)
 * @param id the operation id of an identified prepare, or {@code null}
 * @param expiresAt the hold's expiry, or {@code null}
 * @param replayed {@code true} when this answers a repeat of an identified prepare that had already
 *     been applied, and nothing changed
 */
public record PrepareResult(
    AccountId account,
    long amount,
    long fromPrepaid,
    long fromClearing,
    AccountBalance balance,
    OperationId id,
    Instant expiresAt,
    boolean replayed) {

  /**
   * Validates the parts: not negative, summing to the amount, and the balance of this account.
   *
   * @param account the account
   * @param amount the prepared amount, {@code fromPrepaid + fromClearing}
   * @param fromPrepaid the part taken from the prepaid amount
   * @param fromClearing the part taken from the clearing balance
   * @param balance the account's balance right after the prepare (on a replay, the balance recorded
   *     by the first call)
   * @param id the operation id of an identified prepare, or {@code null}
   * @param expiresAt the hold's expiry, or {@code null}
   * @param replayed {@code true} when this answers a repeat of an identified prepare that had
   *     already been applied, and nothing changed
   */
  public PrepareResult {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(balance, "balance");
    if (fromPrepaid < 0 || fromClearing < 0 || amount < 0) {
      throw new IllegalArgumentException(
          "prepare parts must not be negative: amount="
              + amount
              + ", fromPrepaid="
              + fromPrepaid
              + ", fromClearing="
              + fromClearing);
    }
    if (fromPrepaid + fromClearing != amount) {
      throw new IllegalArgumentException(
          "fromPrepaid "
              + fromPrepaid
              + " + fromClearing "
              + fromClearing
              + " must equal amount "
              + amount);
    }
    if (!balance.account().equals(account)) {
      throw new IllegalArgumentException(
          "balance of " + balance.account() + " does not belong to account " + account);
    }
    if (expiresAt != null && id == null) {
      throw new IllegalArgumentException("an expiry needs an operation id");
    }
  }

  /**
   * The result of an unidentified prepare.
   *
   * @param account the account
   * @param amount the prepared amount
   * @param fromPrepaid the part taken from prepaid
   * @param fromClearing the part taken from clearing
   * @param balance the balance right after
   */
  public PrepareResult(
      AccountId account, long amount, long fromPrepaid, long fromClearing, AccountBalance balance) {
    this(account, amount, fromPrepaid, fromClearing, balance, null, null, false);
  }

  /**
   * Tells whether the prepare was identified (and so is a hold).
   *
   * @return {@code true} when {@link #id()} is set
   */
  public boolean identified() {
    return id != null;
  }

  /**
   * Returns the reference to the hold this identified prepare made.
   *
   * @return the hold's reference, or empty for an unidentified prepare
   */
  public Optional<HoldRef> hold() {
    return id == null ? Optional.empty() : Optional.of(new HoldRef(account, id));
  }

  /**
   * Returns this result marked as a replay.
   *
   * @return the same result with {@code replayed == true}
   */
  public PrepareResult asReplay() {
    return replayed
        ? this
        : new PrepareResult(
            account, amount, fromPrepaid, fromClearing, balance, id, expiresAt, true);
  }
}
