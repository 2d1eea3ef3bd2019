package io.ledgerkit.persistence.testkit.balance;

import static io.ledgerkit.persistence.testkit.balance.ContractSupport.MIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Input validation: malformed keys and account ids, negative amounts, bad settings and null
 * arguments are refused before anything changes. A part of the balance tracker compatibility kit;
 * {@link BalanceTrackerContract} runs every part.
 */
public interface InputValidationContract extends BalanceTrackerFixture {

  /** Malformed idempotency keys are refused with IllegalArgumentException and change nothing. */
  @Test
  @DisplayName(
      "malformed idempotency keys are refused with IllegalArgumentException and change"
          + " nothing")
  default void malformedIdempotencyKeys() {
    AccountId a = account("alice");
    tracker().incomingSettlement(key("seed"), a, 5);
    for (String bad : List.of("", "has space", "brace{x}", "semi;colon", "x".repeat(129), "é")) {
      assertRefusedWithoutChange(
          IllegalArgumentException.class, () -> tracker().incomingSettlement(bad, a, 10), a);
    }
    // a null key is NullPointerException, like every null argument (see the faults block)
    assertRefusedWithoutChange(
        NullPointerException.class, () -> tracker().incomingSettlement(null, a, 10), a);
    // the longest and widest legal key is accepted
    String legal = ("Az09._~-:/" + UUID.randomUUID()).repeat(3).substring(0, 128);
    assertThat(tracker().incomingSettlement(legal, a, 1).toPrepaid()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- bad input

  /** Negative amounts are refused with IllegalArgumentException and change nothing. */
  @Test
  @DisplayName("negative amounts are refused with IllegalArgumentException and change nothing")
  default void negativeAmounts() {
    AccountId a = account("alice");
    tracker().incomingSettlement(key("seed"), a, 10);
    tracker().fulfill(a, 10, BalanceSettings.NONE);
    for (long bad : new long[] {-1, MIN}) {
      assertRefusedWithoutChange(
          IllegalArgumentException.class, () -> tracker().prepare(a, bad), a);
      assertRefusedWithoutChange(
          IllegalArgumentException.class, () -> tracker().prepare(a, bad, MIN), a);
      assertRefusedWithoutChange(
          IllegalArgumentException.class, () -> tracker().fulfill(a, bad, BalanceSettings.NONE), a);
      assertRefusedWithoutChange(
          IllegalArgumentException.class,
          () -> tracker().incomingSettlement(key("neg"), a, bad),
          a);
      assertRefusedWithoutChange(
          IllegalArgumentException.class,
          () -> tracker().prepareAll(List.of(new PrepareRequest(a, bad, null))),
          a);
    }
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 10, 10));
  }

  /** Malformed account ids are refused with IllegalArgumentException naming the value. */
  @Test
  @DisplayName("malformed account ids are refused with IllegalArgumentException naming the value")
  default void malformedAccountIds() {
    for (String bad : List.of("a}b", "{x}", "", "x".repeat(65), "a b", "a:b", "ünï", "a\nb")) {
      assertThatThrownBy(() -> tracker().balance(AccountId.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("account id");
    }
    AccountId longest = AccountId.of(("x" + fixture().run()).repeat(8).substring(0, 64));
    tracker().prepare(longest, 1);
    assertThat(tracker().balance(longest)).isEqualTo(new AccountBalance(longest, -1, 0));
  }

  /** Bad settings are refused with IllegalArgumentException before reaching the store. */
  @Test
  @DisplayName("bad settings are refused with IllegalArgumentException before reaching the store")
  default void badSettings() {
    AccountId a = account("alice");
    assertRefusedWithoutChange(
        IllegalArgumentException.class,
        () -> tracker().fulfill(a, 5, new BalanceSettings(null, 10L, 11)),
        a);
  }

  // ================================================================ faults (issue 12)
  // Null arguments, and close() with calls in flight: every tracker, single and auto-batched.

  /**
   * A null argument of any method, or a null item of a batch, is NullPointerException naming the
   * parameter, and changes nothing.
   */
  @Test
  @DisplayName(
      "a null argument of any method, or a null item of a batch, is NullPointerException naming"
          + " the parameter, and changes nothing")
  default void nullArgumentsAreNullPointerException() {
    AccountId a = account("nulls");
    tracker().fulfill(a, 10, BalanceSettings.NONE);
    PrepareResult p = tracker().prepare(a, 1);
    String k = key("nulls");
    Map<String, ThrowingCallable> calls = new java.util.LinkedHashMap<>();
    calls.put("balance(null)", () -> tracker().balance(null));
    calls.put("prepare(null request)", () -> tracker().prepare((PrepareRequest) null));
    calls.put("prepare(null, 1)", () -> tracker().prepare(null, 1));
    calls.put("prepare(null, 1, 0)", () -> tracker().prepare(null, 1, 0));
    calls.put("reject(null)", () -> tracker().reject((PrepareResult) null));
    calls.put("fulfill(null request)", () -> tracker().fulfill((FulfillRequest) null));
    calls.put("fulfill(null, 1, NONE)", () -> tracker().fulfill(null, 1, BalanceSettings.NONE));
    calls.put("fulfill(a, 1, null)", () -> tracker().fulfill(a, 1, null));
    calls.put("settlementSucceeded(null)", () -> tracker().settlementSucceeded(null));
    calls.put("settlementFailed(null)", () -> tracker().settlementFailed(null));
    calls.put("pendingSettlements(null)", () -> tracker().pendingSettlements(null));
    calls.put("incomingSettlement(null key)", () -> tracker().incomingSettlement(null, a, 1));
    calls.put("incomingSettlement(null account)", () -> tracker().incomingSettlement(k, null, 1));
    calls.put("prepareAll(null)", () -> tracker().prepareAll(null));
    calls.put("fulfillAll(null)", () -> tracker().fulfillAll(null));
    calls.put("rejectAll(null)", () -> tracker().rejectAll(null));
    calls.put(
        "prepareAll([ok, null])",
        () -> tracker().prepareAll(Arrays.asList(PrepareRequest.of(a, 1), null)));
    calls.put(
        "fulfillAll([ok, null])",
        () ->
            tracker()
                .fulfillAll(Arrays.asList(new FulfillRequest(a, 1, BalanceSettings.NONE), null)));
    calls.put("rejectAll([p, null])", () -> tracker().rejectAll(Arrays.asList(p, null)));
    for (Map.Entry<String, ThrowingCallable> c : calls.entrySet()) {
      NullPointerException e =
          assertRefusedWithoutChange(NullPointerException.class, c.getValue(), a);
      assertThat(e)
          .as(c.getKey())
          .hasMessageMatching(
              "(?s).*\\b(account|request|prepare|settings|"
                  + "id|idempotencyKey|requests|prepares|settlement id)\\b.*");
    }
    // the key was never bound by the refused calls
    assertThat(tracker().incomingSettlement(k, a, 1).amount()).isEqualTo(1);
  }
}
