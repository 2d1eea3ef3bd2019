package io.ledgerkit.persistence.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.spi.Amounts;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("balance value types and argument checks")
class ValueTypesTest {

  private static final AccountId A = AccountId.of("alice");
  private static final AccountId B = AccountId.of("bob");

  @Test
  @DisplayName("AccountBalance refuses a negative prepaid amount and sums the net balance exactly")
  void accountBalance() {
    assertThatThrownBy(() -> new AccountBalance(A, 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prepaidAmount -1");
    assertThat(new AccountBalance(A, -5, 7).netBalance()).isEqualTo(2);
    assertThat(new AccountBalance(A, Long.MIN_VALUE, Long.MAX_VALUE).netBalance()).isEqualTo(-1);
    assertThat(AccountBalance.zero(A)).isEqualTo(new AccountBalance(A, 0, 0));
  }

  @Test
  @DisplayName("requests refuse negative amounts, naming the value")
  void requestsRefuseNegativeAmounts() {
    assertThatThrownBy(() -> PrepareRequest.of(A, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amount -1");
    assertThatThrownBy(() -> FulfillRequest.of(A, Long.MIN_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(Long.MIN_VALUE));
    assertThat(PrepareRequest.of(A, 0)).isEqualTo(new PrepareRequest(A, 0, null));
    assertThat(FulfillRequest.of(A, 3).settings()).isEqualTo(BalanceSettings.NONE);
  }

  @Test
  @DisplayName("PrepareResult refuses parts that do not add up or belong to another account")
  void prepareResultParts() {
    AccountBalance bal = AccountBalance.zero(A);
    assertThatThrownBy(() -> new PrepareResult(A, 10, 3, 6, bal))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must equal amount 10");
    assertThatThrownBy(() -> new PrepareResult(A, 10, -1, 11, bal))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PrepareResult(A, 10, Long.MAX_VALUE, Long.MAX_VALUE, bal))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PrepareResult(B, 0, 0, 0, bal))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not belong");
  }

  @Test
  @DisplayName("PendingSettlement and FulfillResult refuse settlements of another account")
  void settlementsBelongToTheirAccount() {
    assertThatThrownBy(() -> new PendingSettlement(SettlementId.random(A), B, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PendingSettlement(SettlementId.random(A), A, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
    PendingSettlement s = new PendingSettlement(SettlementId.random(A), A, 5);
    assertThatThrownBy(() -> new FulfillResult(AccountBalance.zero(B), s))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new FulfillResult(AccountBalance.zero(A), s).pendingSettlement()).contains(s);
    assertThat(new FulfillResult(AccountBalance.zero(A), null).pendingSettlement()).isEmpty();
  }

  @Test
  @DisplayName("Outcome gives the value or throws the item's own exception")
  void outcome() {
    assertThat(Outcome.success("x").get()).isEqualTo("x");
    assertThat(Outcome.success("x").isSuccess()).isTrue();
    InsufficientBalanceException e = new InsufficientBalanceException(A, 5, 1, 0);
    Outcome<String> failed = Outcome.failure(e);
    assertThat(failed.isSuccess()).isFalse();
    assertThatThrownBy(failed::get).isSameAs(e);
  }

  @Test
  @DisplayName(
      "InsufficientBalanceException reports the exact available amount, even beyond 64" + " bits")
  void insufficientAvailable() {
    InsufficientBalanceException e =
        new InsufficientBalanceException(A, 1, Long.MAX_VALUE, Long.MIN_VALUE);
    assertThat(e.available())
        .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).subtract(BigInteger.valueOf(Long.MIN_VALUE)));
    assertThat(e.getMessage()).contains("alice").contains("available 18446744073709551615");
  }

  @Test
  @DisplayName("the minimum-balance comparison is exact for every long, compared with BigInteger")
  void fallsBelowIsExact() {
    long[] edges = {
      Long.MIN_VALUE,
      Long.MIN_VALUE + 1,
      -(1L << 53) - 1,
      -1,
      0,
      1,
      (1L << 53) + 1,
      Long.MAX_VALUE - 1,
      Long.MAX_VALUE
    };
    for (long net : edges) {
      for (long amount : edges) {
        if (amount < 0) {
          continue;
        }
        for (long min : edges) {
          assertThat(Amounts.fallsBelow(net, amount, min))
              .as("%d - %d < %d", net, amount, min)
              .isEqualTo(exactFallsBelow(net, amount, min));
        }
      }
    }
    Random rnd = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      long net = rnd.nextLong();
      long amount = rnd.nextLong() & Long.MAX_VALUE;
      long min = rnd.nextLong();
      assertThat(Amounts.fallsBelow(net, amount, min)).isEqualTo(exactFallsBelow(net, amount, min));
    }
  }

  private static boolean exactFallsBelow(long net, long amount, long min) {
    return BigInteger.valueOf(net)
            .subtract(BigInteger.valueOf(amount))
            .compareTo(BigInteger.valueOf(min))
        < 0;
  }

  @Test
  @DisplayName("idempotency keys: 1 to 128 characters of A-Z a-z 0-9 . _ ~ - : /")
  void idempotencyKeys() {
    assertThat(Amounts.requireIdempotencyKey("peer:settlement/2026-11-22.1_~"))
        .isEqualTo("peer:settlement/2026-11-22.1_~");
    assertThat(Amounts.requireIdempotencyKey("k".repeat(128))).hasSize(128);
    for (String bad : new String[] {"", "k".repeat(129), "a b", "x;drop", "ü", "{k}"}) {
      assertThatThrownBy(() -> Amounts.requireIdempotencyKey(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("A-Z a-z 0-9 . _ ~ - : /");
    }
    assertThatThrownBy(() -> Amounts.requireIdempotencyKey(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("idempotencyKey");
  }
}
