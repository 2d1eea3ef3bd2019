package io.ledgerkit.persistence.balance;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/**
 * What the SPI's default methods tell the user of a tracker that does not implement them: the
 * method and the fix, in words that fit the method.
 */
class BalanceTrackerDefaultsTest {

  /** A tracker that implements nothing but the SPI's default methods. */
  private static final BalanceTracker BARE =
      (BalanceTracker)
          Proxy.newProxyInstance(
              BalanceTracker.class.getClassLoader(),
              new Class<?>[] {BalanceTracker.class},
              (proxy, method, args) ->
                  method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : null);

  @Test
  void pagedSettlementListingNamesItselfNotExactlyOnce() {
    assertThatThrownBy(() -> BARE.pendingSettlements(null, 10))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("does not list pending settlements a page at a time")
        .hasMessageContaining("pendingSettlements(String, int)")
        .hasMessageContaining("BalanceTrackerContract")
        .hasMessageNotContaining("exactly-once");
    assertThatThrownBy(BARE::pendingSettlements)
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("does not list pending settlements a page at a time");
  }

  @Test
  void exactlyOnceDefaultsSayExactlyOnce() {
    assertThatThrownBy(() -> BARE.holds(null, 10))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("does not support exactly-once tracking (holds(String, int))");
  }
}
