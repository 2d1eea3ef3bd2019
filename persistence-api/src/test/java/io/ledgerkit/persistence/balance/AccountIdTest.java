package io.ledgerkit.persistence.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("AccountId")
class AccountIdTest {

  @Test
  @DisplayName("accepts 1 to 64 characters of A-Z a-z 0-9 . _ ~ -")
  void acceptsTheAlphabet() {
    assertThat(AccountId.of("a").value()).isEqualTo("a");
    String all = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~";
    assertThat(AccountId.of(all.substring(0, 64)).value()).hasSize(64);
    assertThat(AccountId.of("Az09._~-").toString()).isEqualTo("Az09._~-");
  }

  @ParameterizedTest(name = "refuses \"{0}\"")
  @ValueSource(strings = {"a}b", "{x}", "a b", "a:b", "ü", "日本", "a/b", "a\tb", "a*"})
  @DisplayName("refuses characters outside the alphabet, naming the value and the fix")
  void refusesBadCharacters(String bad) {
    assertThatThrownBy(() -> AccountId.of(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account id")
        .hasMessageContaining("A-Z a-z 0-9 . _ ~ -");
  }

  @Test
  @DisplayName("names the offending character and its index")
  void namesTheCharacter() {
    assertThatThrownBy(() -> AccountId.of("a}b"))
        .hasMessageContaining("'a}b'")
        .hasMessageContaining("'}' at index 1");
    assertThatThrownBy(() -> AccountId.of("{x}")).hasMessageContaining("'{' at index 0");
  }

  @Test
  @DisplayName("refuses the empty id and 65 characters, naming the length")
  void refusesBadLengths() {
    assertThatThrownBy(() -> AccountId.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 0 characters");
    assertThatThrownBy(() -> AccountId.of("x".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has 65 characters")
        .hasMessageContaining("1 to 64");
  }

  @Test
  @DisplayName("prints control characters escaped in its message")
  void escapesControlCharacters() {
    assertThatThrownBy(() -> AccountId.of("a\nb")).hasMessageContaining("a\\u000ab");
  }

  @Test
  @DisplayName("refuses null")
  void refusesNull() {
    assertThatThrownBy(() -> AccountId.of(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  @DisplayName("is a value: equal ids are equal and order by their text")
  void isAValue() {
    assertThat(AccountId.of("bob"))
        .isEqualTo(AccountId.of("bob"))
        .hasSameHashCodeAs(AccountId.of("bob"));
    assertThat(AccountId.of("alice")).isLessThan(AccountId.of("bob"));
  }
}
