package io.ledgerkit.persistence.balance;

import java.time.Instant;

/**
 * A hold could not be committed (or an identified prepare could not be made) because its {@code
 * expiresAt} had passed by the store's clock. A commit of an expired hold releases it (its split
 * goes back, once); {@link #hold()} shows it in state {@link HoldState#EXPIRED}. A prepare whose
 * expiry had already passed changed nothing and has no hold.
 *
 * <p>A {@link BalanceException}. Not retryable: the packet expired; reject it upstream.
 */
public final class HoldExpiredException extends BalanceException {
  private static final long serialVersionUID = 1L;

  private final transient HoldRef ref;
  private final transient Hold hold;

  /**
   * Creates the exception.
   *
   * @param ref the hold
   * @param hold the hold, released, or {@code null} for a prepare that made no hold
   * @param message what expired when
   */
  public HoldExpiredException(HoldRef ref, Hold hold, String message) {
    super(message);
    this.ref = ref;
    this.hold = hold;
  }

  /**
   * The hold concerned.
   *
   * @return the reference
   */
  public HoldRef ref() {
    return ref;
  }

  /**
   * The expired hold, released.
   *
   * @return the hold, or {@code null} when no hold was made
   */
  public Hold hold() {
    return hold;
  }

  /**
   * The refusal to commit a hold whose expiry had passed; the hold was released.
   *
   * @param hold the hold, {@link HoldState#EXPIRED}
   * @return the exception
   */
  public static HoldExpiredException released(Hold hold) {
    return new HoldExpiredException(
        hold.ref(),
        hold,
        "hold "
            + hold.ref()
            + " expired at "
            + hold.expiresAt()
            + " by the store's clock and was released at "
            + hold.resolvedAt()
            + "; it cannot be committed");
  }

  /**
   * The refusal of an identified prepare whose expiry is not after the store's time.
   *
   * @param ref the account and operation id
   * @param expiresAt the requested expiry
   * @param now the store's time
   * @return the exception
   */
  public static HoldExpiredException beforePrepare(HoldRef ref, Instant expiresAt, Instant now) {
    return new HoldExpiredException(
        ref,
        null,
        "prepare '"
            + ref.id()
            + "' on account "
            + ref.account()
            + " expires at "
            + expiresAt
            + ", not after the store's time "
            + now
            + "; no hold was made and nothing changed");
  }
}
