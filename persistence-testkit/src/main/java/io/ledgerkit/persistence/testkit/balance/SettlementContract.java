package io.ledgerkit.persistence.testkit.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.UnknownSettlementException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Outgoing settlements: listing the pending ones, closing one as succeeded or failed (exactly
 * once), the opposite close refused, unknown ids refused. A part of the balance tracker
 * compatibility kit; {@link BalanceTrackerContract} runs every part.
 */
public interface SettlementContract extends BalanceTrackerFixture {

  /** Pending settlements are listed per account and in the all-accounts list. */
  @Test
  @DisplayName("pending settlements are listed per account and in the all-accounts list")
  default void pendingSettlementsListed() {
    AccountId a = account("alice");
    AccountId b = account("bob");
    BalanceSettings settle = BalanceSettings.settleAt(10, 0);
    PendingSettlement a1 = tracker().fulfill(a, 11, settle).settlement();
    PendingSettlement b1 = tracker().fulfill(b, 12, settle).settlement();
    PendingSettlement a2 = tracker().fulfill(a, 13, settle).settlement();
    assertThat(List.of(a1.id(), a2.id(), b1.id())).doesNotHaveDuplicates();

    assertThat(tracker().pendingSettlements(a)).containsExactlyInAnyOrder(a1, a2);
    assertThat(tracker().pendingSettlements(b)).containsExactly(b1);
    assertThat(tracker().pendingSettlements()).contains(a1, a2, b1);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 0, 0));
  }

  // ---------------------------------------------------------------- settlement closes

  /** SettlementSucceeded removes the pending settlement; a repeat returns an equal outcome. */
  @Test
  @DisplayName(
      "settlementSucceeded removes the pending settlement; a repeat returns an equal" + " outcome")
  default void settlementSucceeded() {
    AccountId a = account("alice");
    PendingSettlement s = tracker().fulfill(a, 120, BalanceSettings.settleAt(100, 20)).settlement();
    SettlementOutcome o = tracker().settlementSucceeded(s.id());
    assertThat(o).isEqualTo(new SettlementOutcome(s, SettlementOutcome.Status.SUCCEEDED));
    assertThat(tracker().pendingSettlements(a)).isEmpty();
    assertThat(tracker().pendingSettlements()).doesNotContain(s);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 20, 0));

    assertThat(tracker().settlementSucceeded(s.id())).isEqualTo(o);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 20, 0));
  }

  /**
   * SettlementFailed puts the amount back on clearing once; a repeat returns an equal outcome and
   * credits nothing.
   */
  @Test
  @DisplayName(
      "settlementFailed puts the amount back on clearing once; a repeat returns an equal"
          + " outcome and credits nothing")
  default void settlementFailed() {
    AccountId a = account("alice");
    PendingSettlement s = tracker().fulfill(a, 120, BalanceSettings.settleAt(100, 20)).settlement();
    assertThat(s.amount()).isEqualTo(100);
    tracker().prepare(a, 5);

    SettlementOutcome o = tracker().settlementFailed(s.id());
    assertThat(o).isEqualTo(new SettlementOutcome(s, SettlementOutcome.Status.FAILED));
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 115, 0));
    assertThat(tracker().pendingSettlements(a)).isEmpty();

    assertThat(tracker().settlementFailed(s.id())).isEqualTo(o);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 115, 0));
  }

  /** Closing a settlement the opposite way is a SettlementConflictException and changes nothing. */
  @Test
  @DisplayName(
      "closing a settlement the opposite way is a SettlementConflictException and changes"
          + " nothing")
  default void oppositeCloseConflicts() {
    AccountId a = account("alice");
    BalanceSettings settle = BalanceSettings.settleAt(10, 0);
    PendingSettlement won = tracker().fulfill(a, 30, settle).settlement();
    PendingSettlement lost = tracker().fulfill(a, 40, settle).settlement();
    tracker().settlementSucceeded(won.id());
    tracker().settlementFailed(lost.id());
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 40, 0));

    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker().settlementFailed(won.id()), a);
    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker().settlementSucceeded(lost.id()), a);
    // the recorded outcomes still answer the same
    assertThat(tracker().settlementSucceeded(won.id()).status())
        .isEqualTo(SettlementOutcome.Status.SUCCEEDED);
    assertThat(tracker().settlementFailed(lost.id()).status())
        .isEqualTo(SettlementOutcome.Status.FAILED);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 40, 0));
  }

  /** An unknown settlement id is refused with UnknownSettlementException and changes nothing. */
  @Test
  @DisplayName(
      "an unknown settlement id is refused with UnknownSettlementException and changes"
          + " nothing")
  default void unknownSettlement() {
    AccountId a = account("alice");
    PendingSettlement real = tracker().fulfill(a, 30, BalanceSettings.settleAt(10, 0)).settlement();
    SettlementId unknown = SettlementId.random(a);
    UnknownSettlementException e =
        assertRefusedWithoutChange(
            UnknownSettlementException.class, () -> tracker().settlementSucceeded(unknown), a);
    assertThat(e.id()).isEqualTo(unknown);
    assertRefusedWithoutChange(
        UnknownSettlementException.class, () -> tracker().settlementFailed(unknown), a);
    SettlementId untouched = SettlementId.random(account("nobody"));
    assertThatThrownBy(() -> tracker().settlementFailed(untouched))
        .isInstanceOf(UnknownSettlementException.class);
    assertThat(tracker().pendingSettlements(a)).containsExactly(real);
  }
}
