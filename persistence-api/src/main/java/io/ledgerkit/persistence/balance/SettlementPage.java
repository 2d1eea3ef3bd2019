package io.ledgerkit.persistence.balance;

import java.util.List;
import java.util.Objects;

/**
 * One page of the pending settlements of a whole store.
 *
 * @param settlements the settlements of this page, each pending when read
 * @param next the cursor of the next page, or {@code null} when this is the last page
 */
public record SettlementPage(List<PendingSettlement> settlements, String next) {

  /**
   * Copies the list.
   *
   * @param settlements the settlements of this page, each pending when read
   * @param next the cursor of the next page, or {@code null} when this is the last page
   */
  public SettlementPage {
    settlements = List.copyOf(Objects.requireNonNull(settlements, "settlements"));
  }

  /**
   * Tells whether more pages follow.
   *
   * @return {@code true} when {@link #next()} is set
   */
  public boolean hasNext() {
    return next != null;
  }
}
