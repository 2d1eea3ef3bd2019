package io.ledgerkit.persistence.testkit.balance;

import static io.ledgerkit.persistence.testkit.balance.ContractSupport.MAX;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Incoming settlements: they pay down the clearing balance and then add to the prepaid amount, are
 * idempotent by key, refuse a key reused for another account or amount, and a refused one binds
 * nothing. A part of the balance tracker compatibility kit; {@link BalanceTrackerContract} runs
 * every part.
 */
public interface IncomingSettlementContract extends BalanceTrackerFixture {

  // ---------------------------------------------------------------- incoming settlements

  /** Incoming settlement pays down a negative clearing first, then adds to prepaid. */
  @Test
  @DisplayName("incoming settlement pays down a negative clearing first, then adds to prepaid")
  default void incomingPaysDownClearingThenPrepaid() {
    AccountId a = account("alice");
    tracker().prepare(a, 70);
    String k = key("pay");
    IncomingSettlementResult r = tracker().incomingSettlement(k, a, 100);
    assertThat(r.idempotencyKey()).isEqualTo(k);
    assertThat(r.account()).isEqualTo(a);
    assertThat(r.amount()).isEqualTo(100);
    assertThat(r.toClearing()).isEqualTo(70);
    assertThat(r.toPrepaid()).isEqualTo(30);
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, 0, 30));
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 0, 30));
  }

  /**
   * Incoming settlement smaller than the debt only pays down clearing; on a non-negative clearing
   * it all goes to prepaid.
   */
  @Test
  @DisplayName(
      "incoming settlement smaller than the debt only pays down clearing; on a"
          + " non-negative clearing it all goes to prepaid")
  default void incomingPartialAndPositive() {
    AccountId a = account("alice");
    tracker().prepare(a, 70);
    IncomingSettlementResult partial = tracker().incomingSettlement(key("partial"), a, 50);
    assertThat(partial.toClearing()).isEqualTo(50);
    assertThat(partial.toPrepaid()).isZero();
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, -20, 0));

    AccountId b = account("bob");
    tracker().fulfill(b, 5, BalanceSettings.NONE);
    IncomingSettlementResult positive = tracker().incomingSettlement(key("positive"), b, 50);
    assertThat(positive.toClearing()).isZero();
    assertThat(positive.toPrepaid()).isEqualTo(50);
    assertThat(tracker().balance(b)).isEqualTo(new AccountBalance(b, 5, 50));
  }

  /**
   * The same idempotency key twice has one effect and returns an equal result, even after the
   * balance changed.
   */
  @Test
  @DisplayName(
      "the same idempotency key twice has one effect and returns an equal result, even"
          + " after the balance changed")
  default void incomingIdempotent() {
    AccountId a = account("alice");
    tracker().prepare(a, 10);
    String k = key("once");
    IncomingSettlementResult first = tracker().incomingSettlement(k, a, 25);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 0, 15));
    tracker().fulfill(a, 3, BalanceSettings.NONE);

    IncomingSettlementResult again = tracker().incomingSettlement(k, a, 25);
    assertThat(again).isEqualTo(first);
    assertThat(again.balance()).isEqualTo(new AccountBalance(a, 0, 15));
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 3, 15));
  }

  /**
   * The same idempotency key with another amount or account is a SettlementConflictException and
   * changes nothing.
   */
  @Test
  @DisplayName(
      "the same idempotency key with another amount or account is a"
          + " SettlementConflictException and changes nothing")
  default void incomingConflicts() {
    AccountId a = account("alice");
    AccountId b = account("bob");
    String k = key("conflict");
    IncomingSettlementResult first = tracker().incomingSettlement(k, a, 25);
    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker().incomingSettlement(k, a, 26), a, b);
    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker().incomingSettlement(k, b, 25), a, b);
    assertThat(tracker().balance(b)).isEqualTo(AccountBalance.zero(b));
    assertThat(tracker().incomingSettlement(k, a, 25)).isEqualTo(first);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 0, 25));
  }

  // ================================================================ a refused operation binds
  // nothing (issue 12, item 6). An incoming settlement refused (here for overflow) records nothing
  // on any store: its idempotency key stays free for any account and amount, and a refusal racing
  // an applied call with the same key never lets the key be applied on a second account.

  /**
   * An incoming settlement refused for overflow binds nothing: its key can then be used on another
   * account, and is bound there.
   */
  @Test
  @DisplayName(
      "an incoming settlement refused for overflow binds nothing: its key can then be used on"
          + " another account, and is bound there")
  default void refusedIncomingBindsNothingAcrossAccounts() {
    AccountId full = account("full");
    AccountId other = account("other");
    tracker().incomingSettlement(key("fill"), full, MAX);
    String k = key("refused");
    assertRefusedWithoutChange(
        BalanceOverflowException.class,
        () -> tracker().incomingSettlement(k, full, 5),
        full,
        other);
    IncomingSettlementResult r = tracker().incomingSettlement(k, other, 5);
    assertThat(r.toPrepaid()).isEqualTo(5);
    assertThat(tracker().balance(other)).isEqualTo(new AccountBalance(other, 0, 5));
    assertThat(tracker().incomingSettlement(k, other, 5)).isEqualTo(r);
    assertRefusedWithoutChange(
        SettlementConflictException.class,
        () -> tracker().incomingSettlement(k, full, 5),
        full,
        other);
  }

  /**
   * An incoming settlement refused for overflow binds nothing: the same key can then be used on the
   * same account with another amount, or with the same amount once it fits.
   */
  @Test
  @DisplayName(
      "an incoming settlement refused for overflow binds nothing: the same key can then be used on"
          + " the same account with another amount, or with the same amount once it fits")
  default void refusedIncomingBindsNothingOnItsAccount() {
    AccountId full = account("full");
    tracker().incomingSettlement(key("fill"), full, MAX);
    String k = key("refused");
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker().incomingSettlement(k, full, 5), full);
    tracker().prepare(full, 3);
    IncomingSettlementResult r = tracker().incomingSettlement(k, full, 3);
    assertThat(r.toPrepaid()).isEqualTo(3);
    assertThat(tracker().balance(full)).isEqualTo(new AccountBalance(full, 0, MAX));
    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker().incomingSettlement(k, full, 5), full);

    String again = key("again");
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker().incomingSettlement(again, full, 7), full);
    tracker().prepare(full, 7);
    IncomingSettlementResult applied = tracker().incomingSettlement(again, full, 7);
    assertThat(tracker().balance(full)).isEqualTo(new AccountBalance(full, 0, MAX));
    assertThat(tracker().incomingSettlement(again, full, 7)).isEqualTo(applied);
    assertThat(tracker().balance(full)).isEqualTo(new AccountBalance(full, 0, MAX));
  }
}
