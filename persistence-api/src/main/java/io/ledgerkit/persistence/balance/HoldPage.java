package io.ledgerkit.persistence.balance;

import java.util.List;
import java.util.Objects;

/**
 * One page of the held holds of a whole store.
 *
 * @param holds the holds of this page, each {@link HoldState#HELD} when read
 * @param next the cursor of the next page, or {@code null} when this is the last page
 */
public record HoldPage(List<Hold> holds, String next) {

  /**
   * Copies the list.
   *
   * @param holds the holds of this page, each {@link HoldState#HELD} when read
   * @param next the cursor of the next page, or {@code null} when this is the last page
   */
  public HoldPage {
    holds = List.copyOf(Objects.requireNonNull(holds, "holds"));
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
