package io.ledgerkit.persistence.testkit.balance;

import static io.ledgerkit.persistence.testkit.balance.ContractSupport.MAX;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.MIN;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.TWO_53_PLUS_1;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import java.math.BigInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Exactness over the whole signed 64-bit range: no rounding (amounts past 2^53), overflow refused
 * with nothing changed, near Long.MIN_VALUE and Long.MAX_VALUE. A part of the balance tracker
 * compatibility kit; {@link BalanceTrackerContract} runs every part.
 */
public interface ExactnessContract extends BalanceTrackerFixture {

  // ---------------------------------------------------------------- exactness at the limits

  /**
   * Prepare down to Long.MIN_VALUE is exact; the minimum-balance check never wraps; beyond is
   * refused.
   */
  @Test
  @DisplayName(
      "prepare down to Long.MIN_VALUE is exact; the minimum-balance check never wraps;"
          + " beyond is refused")
  default void nearLongMinValue() {
    AccountId a = account("alice");
    PrepareResult big = tracker().prepare(a, MAX, MIN);
    assertThat(big.fromClearing()).isEqualTo(MAX);
    assertThat(big.balance()).isEqualTo(new AccountBalance(a, MIN + 1, 0));
    assertThat(tracker().balance(a).clearingBalance()).isEqualTo(MIN + 1);

    // net - amount would wrap around to a large positive number: still refused
    InsufficientBalanceException wrap =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker().prepare(a, MAX, MIN), a);
    assertThat(wrap.netBalance()).isEqualTo(MIN + 1);
    assertThat(wrap.available()).isEqualTo(BigInteger.ONE);

    assertThat(tracker().prepare(a, 1, MIN).balance().clearingBalance()).isEqualTo(MIN);

    InsufficientBalanceException shortBy1 =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker().prepare(a, 1, MIN), a);
    assertThat(shortBy1.available()).isEqualTo(BigInteger.ZERO);
    assertRefusedWithoutChange(BalanceOverflowException.class, () -> tracker().prepare(a, 1), a);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, MIN, 0));

    // and all the way back, exactly
    assertThat(tracker().reject(big)).isEqualTo(new AccountBalance(a, -1, 0));
  }

  /**
   * The minimum-balance check is exact for a high minimum and a net balance near Long.MAX_VALUE.
   */
  @Test
  @DisplayName(
      "the minimum-balance check is exact for a high minimum and a net balance near"
          + " Long.MAX_VALUE")
  default void minBalanceCheckNearMax() {
    AccountId a = account("alice");
    tracker().fulfill(a, MAX, BalanceSettings.NONE);
    assertThat(tracker().prepare(a, 1, MAX - 1).balance().clearingBalance()).isEqualTo(MAX - 1);
    InsufficientBalanceException e =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker().prepare(a, 1, MAX - 1), a);
    assertThat(e.netBalance()).isEqualTo(MAX - 1);
    assertThat(e.minBalance()).isEqualTo(MAX - 1);
    assertThat(tracker().prepare(a, MAX, -1).balance().clearingBalance()).isEqualTo(-1);
  }

  /** Fulfill up to Long.MAX_VALUE is exact; one more is refused with BalanceOverflowException. */
  @Test
  @DisplayName(
      "fulfill up to Long.MAX_VALUE is exact; one more is refused with"
          + " BalanceOverflowException")
  default void nearLongMaxValueClearing() {
    AccountId a = account("alice");
    assertThat(tracker().fulfill(a, MAX - 1, BalanceSettings.NONE).balance().clearingBalance())
        .isEqualTo(MAX - 1);
    assertThat(tracker().fulfill(a, 1, BalanceSettings.NONE).balance().clearingBalance())
        .isEqualTo(MAX);
    BalanceOverflowException e =
        assertRefusedWithoutChange(
            BalanceOverflowException.class, () -> tracker().fulfill(a, 1, BalanceSettings.NONE), a);
    assertThat(e.account()).isEqualTo(a);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, MAX, 0));
    assertThat(tracker().fulfill(a, 0, BalanceSettings.NONE).balance().clearingBalance())
        .isEqualTo(MAX);
  }

  /**
   * Prepaid near Long.MAX_VALUE through incoming settlements is exact; prepaid or clearing +
   * prepaid beyond it is refused.
   */
  @Test
  @DisplayName(
      "prepaid near Long.MAX_VALUE through incoming settlements is exact; prepaid or"
          + " clearing + prepaid beyond it is refused")
  default void nearLongMaxValuePrepaid() {
    AccountId a = account("alice");
    assertThat(tracker().incomingSettlement(key("big"), a, MAX - 1).balance().prepaidAmount())
        .isEqualTo(MAX - 1);
    assertThat(tracker().incomingSettlement(key("one"), a, 1).balance().prepaidAmount())
        .isEqualTo(MAX);
    String tooMuch = key("too-much");
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker().incomingSettlement(tooMuch, a, 1), a);
    // refused means not recorded: the same key is refused the same way, not answered as applied
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker().incomingSettlement(tooMuch, a, 1), a);
    // clearing + prepaid would leave the range
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker().fulfill(a, 1, BalanceSettings.NONE), a);
    PrepareResult p = tracker().prepare(a, 1);
    assertThat(p.fromPrepaid()).isEqualTo(1);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 0, MAX - 1));
  }

  /** Incoming settlement paying down a clearing of Long.MIN_VALUE is exact. */
  @Test
  @DisplayName("incoming settlement paying down a clearing of Long.MIN_VALUE is exact")
  default void incomingPaysDownMinValue() {
    AccountId a = account("alice");
    tracker().prepare(a, MAX);
    tracker().prepare(a, 1);
    assertThat(tracker().balance(a).clearingBalance()).isEqualTo(MIN);
    IncomingSettlementResult r = tracker().incomingSettlement(key("all"), a, MAX);
    assertThat(r.toClearing()).isEqualTo(MAX);
    assertThat(r.toPrepaid()).isZero();
    assertThat(r.balance()).isEqualTo(new AccountBalance(a, -1, 0));
    IncomingSettlementResult rest = tracker().incomingSettlement(key("rest"), a, MAX);
    assertThat(rest.toClearing()).isEqualTo(1);
    assertThat(rest.toPrepaid()).isEqualTo(MAX - 1);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 0, MAX - 1));
  }

  /**
   * Reject and failed settlements that would leave the 64-bit range are refused and change nothing.
   */
  @Test
  @DisplayName(
      "reject and failed settlements that would leave the 64-bit range are refused and"
          + " change nothing")
  default void overflowOnGiveBack() {
    AccountId a = account("alice");
    PrepareResult p = tracker().prepare(a, 10);
    tracker().fulfill(a, MAX, BalanceSettings.NONE);
    tracker().fulfill(a, 10, BalanceSettings.NONE);
    assertThat(tracker().balance(a).clearingBalance()).isEqualTo(MAX);
    assertRefusedWithoutChange(BalanceOverflowException.class, () -> tracker().reject(p), a);

    AccountId b = account("bob");
    PendingSettlement s = tracker().fulfill(b, 100, BalanceSettings.settleAt(100, 0)).settlement();
    tracker().fulfill(b, MAX, BalanceSettings.NONE);
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker().settlementFailed(s.id()), b);
    assertThat(tracker().pendingSettlements(b)).containsExactly(s);
    // once there is room again the failure goes through
    tracker().prepare(b, 100);
    assertThat(tracker().settlementFailed(s.id()).status())
        .isEqualTo(SettlementOutcome.Status.FAILED);
    assertThat(tracker().balance(b).clearingBalance()).isEqualTo(MAX);
  }

  /** A settlement amount that does not fit in 64 bits is refused and changes nothing. */
  @Test
  @DisplayName("a settlement amount that does not fit in 64 bits is refused and changes nothing")
  default void settlementAmountOverflow() {
    AccountId a = account("alice");
    tracker().fulfill(a, 10, BalanceSettings.NONE);
    BalanceSettings settleToMin = new BalanceSettings(null, 0L, MIN);
    assertRefusedWithoutChange(
        BalanceOverflowException.class, () -> tracker().fulfill(a, 1, settleToMin), a);
    // exactly representable: clearing - settleTo == Long.MAX_VALUE
    AccountId b = account("bob");
    FulfillResult r = tracker().fulfill(b, 0, new BalanceSettings(null, MIN + 1, MIN + 1));
    assertThat(r.settlement().amount()).isEqualTo(MAX);
    assertThat(r.balance().clearingBalance()).isEqualTo(MIN + 1);
  }

  /** Amounts such as 2^53 + 1 and Long.MAX_VALUE round-trip exactly (no floating point). */
  @Test
  @DisplayName("amounts such as 2^53 + 1 and Long.MAX_VALUE round-trip exactly (no floating point)")
  default void exactLargeAmounts() {
    AccountId a = account("alice");
    assertThat(
            tracker().fulfill(a, TWO_53_PLUS_1, BalanceSettings.NONE).balance().clearingBalance())
        .isEqualTo(TWO_53_PLUS_1);
    assertThat(tracker().balance(a).clearingBalance()).isEqualTo(TWO_53_PLUS_1);
    PrepareResult p = tracker().prepare(a, TWO_53_PLUS_1 + 1, -1);
    assertThat(p.fromClearing()).isEqualTo(TWO_53_PLUS_1 + 1);
    assertThat(tracker().balance(a).clearingBalance()).isEqualTo(-1);

    AccountId b = account("bob");
    IncomingSettlementResult in = tracker().incomingSettlement(key("b"), b, TWO_53_PLUS_1);
    assertThat(in.toPrepaid()).isEqualTo(TWO_53_PLUS_1);
    assertThat(tracker().balance(b).prepaidAmount()).isEqualTo(TWO_53_PLUS_1);

    AccountId c = account("carol");
    PendingSettlement s =
        tracker().fulfill(c, TWO_53_PLUS_1 + 1, BalanceSettings.settleAt(1L << 53, 1)).settlement();
    assertThat(s.amount()).isEqualTo(TWO_53_PLUS_1);
    assertThat(tracker().pendingSettlements(c)).containsExactly(s);
    assertThat(tracker().settlementFailed(s.id()).settlement().amount()).isEqualTo(TWO_53_PLUS_1);
    assertThat(tracker().balance(c).clearingBalance()).isEqualTo(TWO_53_PLUS_1 + 1);

    AccountId d = account("dave");
    tracker().fulfill(d, MAX, BalanceSettings.NONE);
    assertThat(tracker().balance(d).clearingBalance()).isEqualTo(MAX);
    assertThat(tracker().prepare(d, MAX - 1, 1).balance().clearingBalance()).isEqualTo(1);
    assertThat(tracker().prepare(d, TWO_53_PLUS_1, MIN).balance().clearingBalance())
        .isEqualTo(-(1L << 53));
    // -2^53 - 1 is not a double: a store computing in floating point would accept this prepare
    InsufficientBalanceException e =
        assertRefusedWithoutChange(
            InsufficientBalanceException.class, () -> tracker().prepare(d, 1, -(1L << 53)), d);
    assertThat(e.netBalance()).isEqualTo(-(1L << 53));
    assertThat(e.available()).isEqualTo(BigInteger.ZERO);
  }
}
