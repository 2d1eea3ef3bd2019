package io.ledgerkit.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a caller's condition of {@code Vault.unconsumedQuery} ends and its own order begins. */
class VaultConditionTest {

  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "e.amount = 1 or e.amount = 2|-1",
        "e.amount = 1 order by e.amount|13",
        "e.amount = 1 ORDER   BY e.amount desc|13",
        "order by e.amount|0",
        "e.note = 'order by x' or e.amount = 2|-1",
        "e.amount in (select x.a from X x order by x.a) or e.amount = 2|-1",
        "e.border = 1|-1",
        "e.order_by = 1|-1",
        "e.amount = 1 orderby e.amount|-1"
      })
  void findsTheTopLevelOrderByOnly(String condition, int expected) {
    assertThat(Vault.topLevelOrderBy(condition)).isEqualTo(expected);
  }
}
