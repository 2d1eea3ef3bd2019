package io.ledgerkit.persistence.testkit.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.PendingSettlement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Fulfill: the clearing balance grows, and at or above the settlement threshold a pending
 * settlement of the settle-to amount is opened. A part of the balance tracker compatibility kit;
 * {@link BalanceTrackerContract} runs every part.
 */
public interface FulfillContract extends BalanceTrackerFixture {

  // ---------------------------------------------------------------- fulfill

  /** Fulfill below the settlement threshold only adds to clearing. */
  @Test
  @DisplayName("fulfill below the settlement threshold only adds to clearing")
  default void fulfillBelowThreshold() {
    AccountId a = account("alice");
    FulfillResult r = tracker().fulfill(a, 99, BalanceSettings.settleAt(100, 10));
    assertThat(r.settlement()).isNull();
    assertThat(r.pendingSettlement()).isEmpty();
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, 99, 0));
    assertThat(tracker().pendingSettlements(a)).isEmpty();
  }

  /** Fulfill reaching exactly the threshold moves clearing - settleTo into a pending settlement. */
  @Test
  @DisplayName(
      "fulfill reaching exactly the threshold moves clearing - settleTo into a pending"
          + " settlement")
  default void fulfillAtThreshold() {
    AccountId a = account("alice");
    tracker().fulfill(a, 60, BalanceSettings.NONE);
    FulfillResult r = tracker().fulfill(a, 40, BalanceSettings.settleAt(100, 10));
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, 10, 0));
    PendingSettlement s = r.pendingSettlement().orElseThrow();
    assertThat(s.account()).isEqualTo(a);
    assertThat(s.id().account()).isEqualTo(a);
    assertThat(s.amount()).isEqualTo(90);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 10, 0));
    assertThat(tracker().pendingSettlements(a)).containsExactly(s);
  }

  /** Fulfill above the threshold settles down to settleTo and keeps prepaid. */
  @Test
  @DisplayName("fulfill above the threshold settles down to settleTo and keeps prepaid")
  default void fulfillAboveThreshold() {
    AccountId a = account("alice");
    tracker().incomingSettlement(key("seed"), a, 3);
    FulfillResult r = tracker().fulfill(a, 250, BalanceSettings.settleAt(100, -20));
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, -20, 3));
    assertThat(r.settlement().amount()).isEqualTo(270);
    assertThat(tracker().pendingSettlements(a)).containsExactly(r.settlement());
  }

  /**
   * Fulfill without a threshold never settles; a threshold equal to the resulting clearing settles
   * nothing when clearing equals settleTo.
   */
  @Test
  @DisplayName(
      "fulfill without a threshold never settles; a threshold equal to the resulting"
          + " clearing settles nothing when clearing equals settleTo")
  default void fulfillWithoutSettlement() {
    AccountId a = account("alice");
    assertThat(tracker().fulfill(a, 1_000, BalanceSettings.NONE).settlement()).isNull();
    assertThat(tracker().fulfill(a, 1_000, BalanceSettings.minBalance(-5)).settlement()).isNull();
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 2_000, 0));

    AccountId b = account("bob");
    FulfillResult r = tracker().fulfill(b, 50, BalanceSettings.settleAt(50, 50));
    assertThat(r.settlement()).isNull();
    assertThat(r.balance()).isEqualTo(new AccountBalance(b, 50, 0));
    assertThat(tracker().pendingSettlements(b)).isEmpty();
  }
}
