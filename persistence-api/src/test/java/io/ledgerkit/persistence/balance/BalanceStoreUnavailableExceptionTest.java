package io.ledgerkit.persistence.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BalanceStoreUnavailableExceptionTest {

  @Test
  @DisplayName("whether a failed call may have been applied is data, kept by a copy")
  void appliedFlag() {
    RuntimeException cause = new RuntimeException("socket");
    BalanceStoreUnavailableException no =
        BalanceStoreUnavailableException.notApplied("pool exhausted", cause);
    BalanceStoreUnavailableException unknown =
        BalanceStoreUnavailableException.inDoubt("read timed out", cause);
    assertThat(no.applied()).isEqualTo(BalanceStoreUnavailableException.Applied.NO);
    assertThat(no.mayHaveBeenApplied()).isFalse();
    assertThat(unknown.applied()).isEqualTo(BalanceStoreUnavailableException.Applied.UNKNOWN);
    assertThat(unknown.mayHaveBeenApplied()).isTrue();
    assertThat(no).hasMessage("pool exhausted").hasCause(cause);
    BalanceStoreUnavailableException copy = unknown.copy();
    assertThat(copy).isNotSameAs(unknown).hasMessage("read timed out").hasCause(unknown);
    assertThat(copy.mayHaveBeenApplied()).isTrue();
    assertThat(no.copy().mayHaveBeenApplied()).isFalse();
    assertThatThrownBy(() -> new BalanceStoreUnavailableException("x", null, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("applied");
  }
}
