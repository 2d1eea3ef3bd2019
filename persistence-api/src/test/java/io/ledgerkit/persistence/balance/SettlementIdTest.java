package io.ledgerkit.persistence.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("SettlementId")
class SettlementIdTest {

  @Test
  @DisplayName("parse reads back what toString wrote")
  void roundTrip() {
    SettlementId id = SettlementId.random(AccountId.of("alice.eu-1"));
    assertThat(id.toString()).startsWith("alice.eu-1/");
    assertThat(SettlementId.parse(id.toString())).isEqualTo(id);
    UUID key = UUID.fromString("3f9a1c2e-0000-4000-8000-000000000001");
    assertThat(SettlementId.parse("bob/" + key))
        .isEqualTo(new SettlementId(AccountId.of("bob"), key));
  }

  @ParameterizedTest(name = "refuses \"{0}\"")
  @ValueSource(
      strings = {
        "",
        "alice",
        "/3f9a1c2e-0000-4000-8000-000000000001",
        "alice/not-a-uuid",
        "alice/",
        "a}b/3f9a1c2e-0000-4000-8000-000000000001"
      })
  @DisplayName("refuses malformed text with IllegalArgumentException")
  void refusesMalformed(String text) {
    assertThatThrownBy(() -> SettlementId.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("names the text and the expected form")
  void namesTheText() {
    assertThatThrownBy(() -> SettlementId.parse("alice"))
        .hasMessageContaining("'alice'")
        .hasMessageContaining("<accountId>/<uuid>");
    assertThatThrownBy(() -> SettlementId.parse("alice/xyz"))
        .hasMessageContaining("'alice/xyz'")
        .hasMessageContaining("UUID");
  }

  @Test
  @DisplayName("random ids of one account differ")
  void randomIdsDiffer() {
    AccountId a = AccountId.of("alice");
    assertThat(SettlementId.random(a)).isNotEqualTo(SettlementId.random(a));
  }
}
