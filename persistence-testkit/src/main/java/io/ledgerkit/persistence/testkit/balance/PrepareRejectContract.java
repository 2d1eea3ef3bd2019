package io.ledgerkit.persistence.testkit.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.PrepareResult;
import java.math.BigInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Prepare and reject: an untouched account is zero, a prepare takes from the prepaid amount first
 * and then from clearing down to the minimum balance (refused one unit short), and a reject gives
 * back exactly what its prepare took. A part of the balance tracker compatibility kit; {@link
 * BalanceTrackerContract} runs every part.
 */
public interface PrepareRejectContract extends BalanceTrackerFixture {

  // ---------------------------------------------------------------- untouched accounts

  /** An account that was never touched has zero balances and no pending settlements. */
  @Test
  @DisplayName("an account that was never touched has zero balances and no pending settlements")
  default void untouchedAccountIsZero() {
    AccountId a = account("untouched");
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 0, 0));
    assertThat(tracker().balance(a).netBalance()).isZero();
    assertThat(tracker().pendingSettlements(a)).isEmpty();
    assertThat(tracker().pendingSettlements()).noneMatch(s -> s.account().equals(a));
  }

  // ---------------------------------------------------------------- prepare

  /** Prepare without a minimum balance takes from clearing and may go negative. */
  @Test
  @DisplayName("prepare without a minimum balance takes from clearing and may go negative")
  default void prepareWithoutMinBalance() {
    AccountId a = account("alice");
    PrepareResult r = tracker().prepare(a, 100);
    assertThat(r.account()).isEqualTo(a);
    assertThat(r.amount()).isEqualTo(100);
    assertThat(r.fromPrepaid()).isZero();
    assertThat(r.fromClearing()).isEqualTo(100);
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, -100, 0));
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, -100, 0));
  }

  /** Prepare that leaves exactly the minimum balance is accepted. */
  @Test
  @DisplayName("prepare that leaves exactly the minimum balance is accepted")
  default void prepareReachingMinBalanceExactly() {
    AccountId a = account("alice");
    tracker().fulfill(a, 100, BalanceSettings.NONE);
    PrepareResult r = tracker().prepare(a, 150, -50);
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, -50, 0));
    assertThat(tracker().balance(a).netBalance()).isEqualTo(-50);
  }

  /**
   * Prepare one unit short of the minimum balance is refused with InsufficientBalanceException
   * carrying account, amount and available, and changes nothing.
   */
  @Test
  @DisplayName(
      "prepare one unit short of the minimum balance is refused with"
          + " InsufficientBalanceException carrying account, amount and available, and changes"
          + " nothing")
  default void prepareOneUnitShort() {
    AccountId a = account("alice");
    tracker().incomingSettlement(key("seed"), a, 40);
    tracker().fulfill(a, 60, BalanceSettings.NONE);
    AccountBalance before = tracker().balance(a);
    assertThat(before).isEqualTo(new AccountBalance(a, 60, 40));

    InsufficientBalanceException e =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker().prepare(a, 151, -50), a);
    assertThat(e.account()).isEqualTo(a);
    assertThat(e.amount()).isEqualTo(151);
    assertThat(e.netBalance()).isEqualTo(100);
    assertThat(e.minBalance()).isEqualTo(-50);
    assertThat(e.available()).isEqualTo(BigInteger.valueOf(150));
    assertThat(e.getMessage()).contains(a.value()).contains("151");

    // the same prepare one unit smaller is accepted
    assertThat(tracker().prepare(a, 150, -50).balance().netBalance()).isEqualTo(-50);
  }

  /** Prepare with a minimum balance above the net balance refuses even zero. */
  @Test
  @DisplayName("prepare with a minimum balance above the net balance refuses even zero")
  default void prepareZeroBelowMinimum() {
    AccountId a = account("alice");
    tracker().prepare(a, 10);
    InsufficientBalanceException e =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker().prepare(a, 0, 0), a);
    assertThat(e.available()).isEqualTo(BigInteger.valueOf(-10));
    PrepareResult zero = tracker().prepare(a, 0, -10);
    assertThat(zero.fromClearing()).isZero();
    assertThat(zero.fromPrepaid()).isZero();
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, -10, 0));
  }

  /** Prepare takes from prepaid before clearing. */
  @Test
  @DisplayName("prepare takes from prepaid before clearing")
  default void prepareUsesPrepaidFirst() {
    AccountId a = account("alice");
    tracker().incomingSettlement(key("seed"), a, 30);
    tracker().fulfill(a, 5, BalanceSettings.NONE);

    PrepareResult small = tracker().prepare(a, 10, 0);
    assertThat(small.fromPrepaid()).isEqualTo(10);
    assertThat(small.fromClearing()).isZero();
    assertThat(small.balance()).isEqualTo(new AccountBalance(a, 5, 20));

    PrepareResult large = tracker().prepare(a, 50);
    assertThat(large.fromPrepaid()).isEqualTo(20);
    assertThat(large.fromClearing()).isEqualTo(30);
    assertThat(large.balance()).isEqualTo(new AccountBalance(a, -25, 0));
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, -25, 0));
  }

  // ---------------------------------------------------------------- reject

  /** Reject gives back exactly what the prepare took from prepaid and from clearing. */
  @Test
  @DisplayName("reject gives back exactly what the prepare took from prepaid and from clearing")
  default void rejectRestoresExactly() {
    AccountId a = account("alice");
    tracker().incomingSettlement(key("seed"), a, 30);
    tracker().fulfill(a, 7, BalanceSettings.NONE);
    AccountBalance before = tracker().balance(a);

    PrepareResult p = tracker().prepare(a, 50);
    assertThat(p.fromPrepaid()).isEqualTo(30);
    assertThat(p.fromClearing()).isEqualTo(20);
    AccountBalance after = tracker().reject(p);
    assertThat(after).isEqualTo(before).isEqualTo(new AccountBalance(a, 7, 30));
    assertThat(tracker().balance(a)).isEqualTo(before);
  }

  /** Reject gives back its own parts even after other operations changed the balance. */
  @Test
  @DisplayName("reject gives back its own parts even after other operations changed the balance")
  default void rejectAfterOtherChanges() {
    AccountId a = account("alice");
    tracker().incomingSettlement(key("seed"), a, 30);
    PrepareResult first = tracker().prepare(a, 40); // 30 from prepaid, 10 from clearing
    tracker().incomingSettlement(key("more"), a, 25); // 10 pays down clearing, 15 to prepaid
    PrepareResult second = tracker().prepare(a, 5); // 5 from prepaid
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 0, 10));

    assertThat(tracker().reject(first)).isEqualTo(new AccountBalance(a, 10, 40));
    assertThat(tracker().reject(second)).isEqualTo(new AccountBalance(a, 10, 45));
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 10, 45));
  }
}
