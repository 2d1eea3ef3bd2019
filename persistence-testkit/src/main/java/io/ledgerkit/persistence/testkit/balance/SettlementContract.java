package io.ledgerkit.persistence.testkit.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.SettlementPage;
import io.ledgerkit.persistence.balance.UnknownSettlementException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Outgoing settlements: listing the pending ones (per account, and the whole store a page at a
 * time), closing one as succeeded or failed (exactly once), the opposite close refused, unknown ids
 * refused. A part of the balance tracker compatibility kit; {@link BalanceTrackerContract} runs
 * every part.
 */
public interface SettlementContract extends BalanceTrackerFixture {

  /** Pending settlements are listed per account and in the all-accounts list. */
  @Test
  @DisplayName("pending settlements are listed per account and in the all-accounts list")
  default void pendingSettlementsListed() {
    AccountId a = account("alice");
    AccountId b = account("bob");
    BalanceSettings settle = BalanceSettings.settleAt(10, 0);
    PendingSettlement a1 = tracker().fulfill(a, 11, settle).settlement();
    PendingSettlement b1 = tracker().fulfill(b, 12, settle).settlement();
    PendingSettlement a2 = tracker().fulfill(a, 13, settle).settlement();
    assertThat(List.of(a1.id(), a2.id(), b1.id())).doesNotHaveDuplicates();

    assertThat(tracker().pendingSettlements(a)).containsExactlyInAnyOrder(a1, a2);
    assertThat(tracker().pendingSettlements(b)).containsExactly(b1);
    assertThat(tracker().pendingSettlements()).contains(a1, a2, b1);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 0, 0));
  }

  // ---------------------------------------------------------------- the store, a page at a time

  /**
   * PendingSettlements(cursor, limit) pages through the pending settlements of the whole store:
   * with limits 1, 2 and 3 each of ours pending appears exactly once, as opened, and those closed
   * (succeeded or failed) never.
   */
  @Test
  @DisplayName(
      "pendingSettlements(cursor, limit) pages through the whole store: with limits 1, 2, 3 each"
          + " pending settlement appears exactly once, as opened, and closed ones never")
  default void pendingSettlementsInPages() {
    BalanceSettings settle = BalanceSettings.settleAt(10, 0);
    Map<SettlementId, PendingSettlement> ours = new java.util.HashMap<>();
    Set<SettlementId> closed = new HashSet<>();
    for (int i = 0; i < 12; i++) {
      AccountId a = account("spage" + i);
      for (int j = 0; j < 1 + i % 3; j++) {
        PendingSettlement s = tracker().fulfill(a, 11 + j, settle).settlement();
        ours.put(s.id(), s);
      }
      PendingSettlement won = tracker().fulfill(a, 20, settle).settlement();
      tracker().settlementSucceeded(won.id());
      PendingSettlement lost = tracker().fulfill(a, 30, settle).settlement();
      tracker().settlementFailed(lost.id());
      closed.add(won.id());
      closed.add(lost.id());
    }
    for (int limit : new int[] {1, 2, 3}) {
      Map<SettlementId, Integer> seen =
          ContractSupport.listAllSettlements(tracker(), limit, () -> {});
      for (SettlementId id : ours.keySet()) {
        assertThat(seen.get(id)).as("times %s was listed with limit %d", id, limit).isEqualTo(1);
      }
      assertThat(seen.keySet())
          .as("closed settlements listed with limit %d", limit)
          .doesNotContainAnyElementsOf(closed);
    }
    List<PendingSettlement> listed = new ArrayList<>();
    String cursor = null;
    do {
      SettlementPage page = tracker().pendingSettlements(cursor, 7);
      listed.addAll(page.settlements());
      cursor = page.next();
    } while (cursor != null);
    assertThat(listed)
        .as("the listed settlements, as fulfill opened them")
        .containsAll(ours.values());
    assertThat(tracker().pendingSettlements()).containsAll(ours.values()).doesNotHaveDuplicates();
  }

  /**
   * A settlement pending throughout an iteration appears exactly once, while others open and close
   * between its pages.
   */
  @Test
  @DisplayName(
      "a settlement pending throughout an iteration appears exactly once, while others open and"
          + " close between its pages")
  default void pendingThroughoutListedOnce() {
    BalanceSettings settle = BalanceSettings.settleAt(10, 0);
    Set<SettlementId> steady = new HashSet<>();
    Deque<PendingSettlement> churn = new ArrayDeque<>();
    AccountId[] churning = new AccountId[4];
    for (int i = 0; i < churning.length; i++) {
      churning[i] = account("churn" + i);
    }
    for (int i = 0; i < 8; i++) {
      steady.add(tracker().fulfill(account("steady" + i), 15, settle).settlement().id());
      churn.add(tracker().fulfill(churning[i % churning.length], 12, settle).settlement());
    }
    int[] step = {0};
    Runnable between =
        () -> {
          int n = step[0]++;
          if (n < 40) {
            churn.add(tracker().fulfill(churning[n % churning.length], 13, settle).settlement());
            PendingSettlement gone = churn.poll();
            if (n % 2 == 0) {
              tracker().settlementSucceeded(gone.id());
            } else {
              tracker().settlementFailed(gone.id());
            }
          }
        };
    Map<SettlementId, Integer> seen = ContractSupport.listAllSettlements(tracker(), 1, between);
    for (SettlementId id : steady) {
      assertThat(seen.get(id)).as("times %s was listed", id).isEqualTo(1);
    }
    assertThat(step[0]).as("pages read while settlements opened and closed").isGreaterThan(8);
  }

  /**
   * Bad arguments of pendingSettlements(cursor, limit) are IllegalArgumentException naming the
   * value: a limit below 1, a cursor the tracker did not return; nothing changes.
   */
  @Test
  @DisplayName(
      "bad arguments of pendingSettlements(cursor, limit) are IllegalArgumentException naming the"
          + " value: a limit below 1, a cursor the tracker did not return; nothing changes")
  default void pendingSettlementPageBadArguments() {
    AccountId a = account("spage-bad");
    PendingSettlement s = tracker().fulfill(a, 30, BalanceSettings.settleAt(10, 0)).settlement();
    for (int limit : new int[] {0, -1}) {
      assertThat(catchThrowable(() -> tracker().pendingSettlements(null, limit)))
          .as("limit %d", limit)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Integer.toString(limit));
    }
    for (String bad : List.of("%%not-a-cursor%%", "-5", "")) {
      assertThat(catchThrowable(() -> tracker().pendingSettlements(bad, 10)))
          .as("cursor '%s'", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
    assertThat(tracker().pendingSettlements(a)).containsExactly(s);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 0, 0));
  }

  /**
   * A store with no pending settlement lists an empty page with no next cursor (checked on a store
   * of its own; on a shared store, the last page of an iteration has no next cursor).
   */
  @Test
  @DisplayName(
      "a store with no pending settlement lists an empty page with no next cursor; the last page"
          + " of an iteration has none")
  default void noPendingSettlementsEmptyPage() {
    if (!sharesStore()) {
      SettlementPage first = tracker().pendingSettlements(null, 10);
      assertThat(first.settlements()).isEmpty();
      assertThat(first.next()).isNull();
      assertThat(first.hasNext()).isFalse();
      assertThat(tracker().pendingSettlements()).isEmpty();
    }
    AccountId a = account("spage-empty");
    PendingSettlement s = tracker().fulfill(a, 30, BalanceSettings.settleAt(10, 0)).settlement();
    tracker().settlementSucceeded(s.id());
    Map<SettlementId, Integer> seen = ContractSupport.listAllSettlements(tracker(), 3, () -> {});
    assertThat(seen).doesNotContainKey(s.id());
    if (!sharesStore()) {
      assertThat(seen).isEmpty();
      assertThat(tracker().pendingSettlements(null, 1).next()).isNull();
    }
  }

  // ---------------------------------------------------------------- settlement closes

  /** SettlementSucceeded removes the pending settlement; a repeat returns an equal outcome. */
  @Test
  @DisplayName(
      "settlementSucceeded removes the pending settlement; a repeat returns an equal" + " outcome")
  default void settlementSucceeded() {
    AccountId a = account("alice");
    PendingSettlement s = tracker().fulfill(a, 120, BalanceSettings.settleAt(100, 20)).settlement();
    SettlementOutcome o = tracker().settlementSucceeded(s.id());
    assertThat(o).isEqualTo(new SettlementOutcome(s, SettlementOutcome.Status.SUCCEEDED));
    assertThat(tracker().pendingSettlements(a)).isEmpty();
    assertThat(tracker().pendingSettlements()).doesNotContain(s);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 20, 0));

    assertThat(tracker().settlementSucceeded(s.id())).isEqualTo(o);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 20, 0));
  }

  /**
   * SettlementFailed puts the amount back on clearing once; a repeat returns an equal outcome and
   * credits nothing.
   */
  @Test
  @DisplayName(
      "settlementFailed puts the amount back on clearing once; a repeat returns an equal"
          + " outcome and credits nothing")
  default void settlementFailed() {
    AccountId a = account("alice");
    PendingSettlement s = tracker().fulfill(a, 120, BalanceSettings.settleAt(100, 20)).settlement();
    assertThat(s.amount()).isEqualTo(100);
    tracker().prepare(a, 5);

    SettlementOutcome o = tracker().settlementFailed(s.id());
    assertThat(o).isEqualTo(new SettlementOutcome(s, SettlementOutcome.Status.FAILED));
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 115, 0));
    assertThat(tracker().pendingSettlements(a)).isEmpty();

    assertThat(tracker().settlementFailed(s.id())).isEqualTo(o);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 115, 0));
  }

  /** Closing a settlement the opposite way is a SettlementConflictException and changes nothing. */
  @Test
  @DisplayName(
      "closing a settlement the opposite way is a SettlementConflictException and changes"
          + " nothing")
  default void oppositeCloseConflicts() {
    AccountId a = account("alice");
    BalanceSettings settle = BalanceSettings.settleAt(10, 0);
    PendingSettlement won = tracker().fulfill(a, 30, settle).settlement();
    PendingSettlement lost = tracker().fulfill(a, 40, settle).settlement();
    tracker().settlementSucceeded(won.id());
    tracker().settlementFailed(lost.id());
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 40, 0));

    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker().settlementFailed(won.id()), a);
    assertRefusedWithoutChange(
        SettlementConflictException.class, () -> tracker().settlementSucceeded(lost.id()), a);
    // the recorded outcomes still answer the same
    assertThat(tracker().settlementSucceeded(won.id()).status())
        .isEqualTo(SettlementOutcome.Status.SUCCEEDED);
    assertThat(tracker().settlementFailed(lost.id()).status())
        .isEqualTo(SettlementOutcome.Status.FAILED);
    assertThat(tracker().balance(a)).isEqualTo(new AccountBalance(a, 40, 0));
  }

  /** An unknown settlement id is refused with UnknownSettlementException and changes nothing. */
  @Test
  @DisplayName(
      "an unknown settlement id is refused with UnknownSettlementException and changes"
          + " nothing")
  default void unknownSettlement() {
    AccountId a = account("alice");
    PendingSettlement real = tracker().fulfill(a, 30, BalanceSettings.settleAt(10, 0)).settlement();
    SettlementId unknown = SettlementId.random(a);
    UnknownSettlementException e =
        assertRefusedWithoutChange(
            UnknownSettlementException.class, () -> tracker().settlementSucceeded(unknown), a);
    assertThat(e.id()).isEqualTo(unknown);
    assertRefusedWithoutChange(
        UnknownSettlementException.class, () -> tracker().settlementFailed(unknown), a);
    SettlementId untouched = SettlementId.random(account("nobody"));
    assertThatThrownBy(() -> tracker().settlementFailed(untouched))
        .isInstanceOf(UnknownSettlementException.class);
    assertThat(tracker().pendingSettlements(a)).containsExactly(real);
  }
}
