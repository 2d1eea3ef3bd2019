package io.ledgerkit.persistence.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("BalanceSettings")
class BalanceSettingsTest {

  @Test
  @DisplayName("refuses a settleThreshold below settleTo, naming both")
  void refusesThresholdBelowSettleTo() {
    assertThatThrownBy(() -> new BalanceSettings(null, 10L, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("settleThreshold 10")
        .hasMessageContaining("settleTo 11");
    assertThatThrownBy(() -> BalanceSettings.settleAt(Long.MIN_VALUE, Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("accepts a threshold equal to settleTo and any settleTo without a threshold")
  void acceptsEdges() {
    assertThat(BalanceSettings.settleAt(5, 5).settleThreshold()).isEqualTo(5L);
    assertThat(new BalanceSettings(null, null, Long.MAX_VALUE).settleThreshold()).isNull();
  }

  @Test
  @DisplayName("factories set only what they name")
  void factories() {
    assertThat(BalanceSettings.NONE).isEqualTo(new BalanceSettings(null, null, 0));
    assertThat(BalanceSettings.minBalance(-5)).isEqualTo(new BalanceSettings(-5L, null, 0));
    assertThat(BalanceSettings.settleAt(100, 10)).isEqualTo(new BalanceSettings(null, 100L, 10));
    assertThat(BalanceSettings.settleAt(100, 10).withMinBalance(-1L))
        .isEqualTo(new BalanceSettings(-1L, 100L, 10));
    assertThat(BalanceSettings.minBalance(3).withMinBalance(null)).isEqualTo(BalanceSettings.NONE);
  }
}
