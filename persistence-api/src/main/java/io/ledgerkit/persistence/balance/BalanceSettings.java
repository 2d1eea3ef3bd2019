package io.ledgerkit.persistence.balance;

/**
 * The balance rules of an account.
 *
 * @param minBalance the lowest net balance a prepare may leave, or {@code null} for no limit
 * @param settleThreshold the clearing balance at or above which a fulfill triggers a settlement, or
 *     {@code null} to never settle
 * @param settleTo the clearing balance a triggered settlement leaves behind
 */
public record BalanceSettings(Long minBalance, Long settleThreshold, long settleTo) {

  /** No minimum balance and no settlement. */
  public static final BalanceSettings NONE = new BalanceSettings(null, null, 0);

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException when {@code settleThreshold < settleTo}
   * @param minBalance the lowest net balance a prepare may leave, or {@code null} for no limit
   * @param settleThreshold the clearing balance at or above which a fulfill triggers a settlement,
   *     or {@code null} to never settle
   * @param settleTo the clearing balance a triggered settlement leaves behind
   */
  public BalanceSettings {
    if (settleThreshold != null && settleThreshold < settleTo) {
      throw new IllegalArgumentException(
          "settleThreshold "
              + settleThreshold
              + " is below settleTo "
              + settleTo
              + "; settleThreshold must be at least settleTo");
    }
  }

  /**
   * Settings with a minimum balance and no settlement.
   *
   * @param minBalance the lowest net balance a prepare may leave
   * @return the settings
   */
  public static BalanceSettings minBalance(long minBalance) {
    return new BalanceSettings(minBalance, null, 0);
  }

  /**
   * Settings that settle down to {@code settleTo} once clearing reaches {@code settleThreshold}.
   *
   * @param settleThreshold the clearing balance that triggers a settlement
   * @param settleTo the clearing balance left after the settlement
   * @return the settings, with no minimum balance
   */
  public static BalanceSettings settleAt(long settleThreshold, long settleTo) {
    return new BalanceSettings(null, settleThreshold, settleTo);
  }

  /**
   * Returns a copy with the given minimum balance.
   *
   * @param min the lowest net balance a prepare may leave, or {@code null} for no limit
   * @return the new settings
   */
  public BalanceSettings withMinBalance(Long min) {
    return new BalanceSettings(min, settleThreshold, settleTo);
  }
}
