package io.ledgerkit.persistence.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What the in-memory tracker adds to the contract (which runs in persistence-testkit). */
@DisplayName("InMemoryBalanceTracker")
class InMemoryBalanceTrackerTest {

  private static final AccountId A = AccountId.of("alice");
  private static final AccountId B = AccountId.of("bob");

  @Test
  @DisplayName("a batch with a null item is refused as a whole before anything is applied")
  void nullBatchItem() {
    try (InMemoryBalanceTracker t = InMemoryBalanceTracker.configure().start()) {
      List<PrepareRequest> items = Arrays.asList(PrepareRequest.of(A, 5), null);
      assertThatThrownBy(() -> t.prepareAll(items))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("index 1");
      assertThat(t.balance(A)).isEqualTo(AccountBalance.zero(A));
      assertThatThrownBy(() -> t.fulfillAll(null)).isInstanceOf(NullPointerException.class);
    }
  }

  @Test
  @DisplayName("lists all pending settlements in the order they were created")
  void allPendingInCreationOrder() {
    try (InMemoryBalanceTracker t = InMemoryBalanceTracker.configure().start()) {
      BalanceSettings settle = BalanceSettings.settleAt(1, 0);
      List<PendingSettlement> created = new ArrayList<>();
      for (int i = 1; i <= 6; i++) {
        created.add(t.fulfill(i % 2 == 0 ? A : B, i, settle).settlement());
      }
      assertThat(t.pendingSettlements()).containsExactlyElementsOf(created);
      t.settlementSucceeded(created.get(2).id());
      assertThat(t.pendingSettlements()).hasSize(5).doesNotContain(created.get(2));
    }
  }

  @Test
  @DisplayName("after close every call fails with IllegalStateException")
  void closed() {
    InMemoryBalanceTracker t = InMemoryBalanceTracker.configure().start();
    t.close();
    t.close();
    assertThatThrownBy(() -> t.balance(A)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.prepare(A, 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> t.pendingSettlements()).isInstanceOf(IllegalStateException.class);
  }
}
