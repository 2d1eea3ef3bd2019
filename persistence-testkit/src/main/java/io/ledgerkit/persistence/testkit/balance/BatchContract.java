package io.ledgerkit.persistence.testkit.balance;

import static io.ledgerkit.persistence.testkit.balance.ContractSupport.MAX;
import static io.ledgerkit.persistence.testkit.balance.ContractSupport.TWO_53_PLUS_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceException;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The batch forms: a batch answers what the same single calls would, in order, one outcome per
 * item; a refused item does not stop the others; empty batches are empty. A part of the balance
 * tracker compatibility kit; {@link BalanceTrackerContract} runs every part.
 */
public interface BatchContract extends BalanceTrackerFixture {

  // ---------------------------------------------------------------- batches

  /** Batch forms give the same results as the same single calls in order. */
  @Test
  @DisplayName("batch forms give the same results as the same single calls in order")
  default void batchesEqualSingles() {
    List<String> singles = runScript("s", false);
    List<String> batches = runScript("b", true);
    assertThat(batches).containsExactlyElementsOf(singles);
    // the script exercises refusals of every kind
    assertThat(singles)
        .anyMatch(s -> s.contains("InsufficientBalanceException"))
        .anyMatch(s -> s.contains("BalanceOverflowException"))
        .anyMatch(s -> s.contains("settlement="));
  }

  /** A refused item in the middle of a batch does not stop the items around it. */
  @Test
  @DisplayName("a refused item in the middle of a batch does not stop the items around it")
  default void refusedItemInTheMiddle() {
    AccountId a = account("alice");
    AccountId b = account("bob");
    List<Outcome<PrepareResult>> prepared =
        tracker()
            .prepareAll(
                List.of(
                    new PrepareRequest(a, 10, null),
                    new PrepareRequest(b, 10, 0L),
                    new PrepareRequest(a, 5, null)));
    assertThat(prepared).hasSize(3);
    assertThat(prepared.get(0).isSuccess()).isTrue();
    assertThat(prepared.get(1).isSuccess()).isFalse();
    assertThatThrownBy(() -> prepared.get(1).get())
        .isInstanceOf(InsufficientBalanceException.class);
    assertThat(prepared.get(2).get().balance()).isEqualTo(new AccountBalance(a, -15, 0));
    assertThat(tracker().balance(b)).isEqualTo(AccountBalance.zero(b));

    List<Outcome<FulfillResult>> fulfilled =
        tracker()
            .fulfillAll(
                List.of(
                    new FulfillRequest(b, MAX, BalanceSettings.NONE),
                    new FulfillRequest(b, 1, BalanceSettings.NONE),
                    new FulfillRequest(a, 15, BalanceSettings.NONE)));
    assertThat(fulfilled.get(0).get().balance().clearingBalance()).isEqualTo(MAX);
    assertThatThrownBy(() -> fulfilled.get(1).get()).isInstanceOf(BalanceOverflowException.class);
    assertThat(fulfilled.get(2).get().balance()).isEqualTo(new AccountBalance(a, 0, 0));

    PrepareResult fromB = tracker().prepare(b, 1);
    tracker().fulfill(b, 1, BalanceSettings.NONE);
    List<Outcome<AccountBalance>> rejected =
        tracker().rejectAll(List.of(prepared.get(0).get(), fromB, prepared.get(2).get()));
    assertThat(rejected.get(0).get()).isEqualTo(new AccountBalance(a, 10, 0));
    assertThatThrownBy(() -> rejected.get(1).get()).isInstanceOf(BalanceOverflowException.class);
    assertThat(rejected.get(2).get()).isEqualTo(new AccountBalance(a, 15, 0));
    assertThat(tracker().balance(b)).isEqualTo(new AccountBalance(b, MAX, 0));
  }

  /** Items of one batch see the effects of the earlier items of the same batch. */
  @Test
  @DisplayName("items of one batch see the effects of the earlier items of the same batch")
  default void batchItemsInOrder() {
    AccountId a = account("alice");
    List<Outcome<PrepareResult>> r =
        tracker()
            .prepareAll(
                List.of(
                    new PrepareRequest(a, 10, -15L),
                    new PrepareRequest(a, 10, -15L),
                    new PrepareRequest(a, 5, -15L)));
    assertThat(r.get(0).get().balance().clearingBalance()).isEqualTo(-10);
    assertThatThrownBy(() -> r.get(1).get()).isInstanceOf(InsufficientBalanceException.class);
    assertThat(r.get(2).get().balance().clearingBalance()).isEqualTo(-15);

    BalanceSettings settle = BalanceSettings.settleAt(20, 0);
    List<Outcome<FulfillResult>> f =
        tracker()
            .fulfillAll(
                List.of(
                    new FulfillRequest(a, 30, settle),
                    new FulfillRequest(a, 30, settle),
                    new FulfillRequest(a, 5, settle)));
    assertThat(f.get(0).get().settlement()).isNull();
    assertThat(f.get(1).get().settlement().amount()).isEqualTo(45);
    assertThat(f.get(2).get().balance()).isEqualTo(new AccountBalance(a, 5, 0));
  }

  /** Empty batches return empty results. */
  @Test
  @DisplayName("empty batches return empty results")
  default void emptyBatches() {
    assertThat(tracker().prepareAll(List.of())).isEmpty();
    assertThat(tracker().fulfillAll(List.of())).isEmpty();
    assertThat(tracker().rejectAll(List.of())).isEmpty();
  }

  // ================================================================ end of the refused-binds-
  // nothing block

  // ---------------------------------------------------------------- helpers

  /**
   * Runs the same operations either as single calls or as batches, on fresh accounts named with the
   * given prefix, and describes every result with account-independent text.
   */
  private List<String> runScript(String prefix, boolean batched) {
    AccountId[] acc = new AccountId[4];
    Map<AccountId, String> names = new HashMap<>();
    for (int i = 0; i < acc.length; i++) {
      acc[i] = account(prefix + "script" + i);
      names.put(acc[i], "a" + i);
    }
    Function<Object, String> d = o -> describe(o, names);
    List<String> out = new ArrayList<>();
    out.add(d.apply(tracker().incomingSettlement(key("seed"), acc[0], 100)));

    List<PrepareRequest> step1 =
        List.of(
            new PrepareRequest(acc[0], 30, 0L),
            new PrepareRequest(acc[0], 100, 0L),
            new PrepareRequest(acc[1], 50, null),
            new PrepareRequest(acc[0], 70, 0L),
            new PrepareRequest(acc[2], 5, -3L),
            new PrepareRequest(acc[2], 3, -3L),
            new PrepareRequest(acc[3], 0, 0L));
    List<Outcome<PrepareResult>> prepared = applyPrepares(step1, batched);
    prepared.forEach(o -> out.add(d.apply(o)));

    List<FulfillRequest> step2 =
        List.of(
            new FulfillRequest(acc[1], 20, BalanceSettings.NONE),
            new FulfillRequest(acc[1], 100, BalanceSettings.settleAt(40, 10)),
            new FulfillRequest(acc[2], MAX, BalanceSettings.NONE),
            new FulfillRequest(acc[2], 10, BalanceSettings.NONE),
            new FulfillRequest(acc[3], TWO_53_PLUS_1, BalanceSettings.settleAt(1L << 53, 1)),
            new FulfillRequest(acc[0], 5, BalanceSettings.minBalance(0)));
    applyFulfills(step2, batched).forEach(o -> out.add(d.apply(o)));

    List<PrepareResult> toReject = new ArrayList<>();
    for (int i = prepared.size() - 1; i >= 0; i--) {
      if (prepared.get(i).isSuccess()) {
        toReject.add(prepared.get(i).get());
      }
    }
    applyRejects(toReject, batched).forEach(o -> out.add(d.apply(o)));

    List<PrepareRequest> step4 =
        List.of(
            new PrepareRequest(acc[2], MAX, 0L),
            new PrepareRequest(acc[3], 2, 1L),
            new PrepareRequest(acc[3], 1, 0L),
            new PrepareRequest(acc[1], MAX, null),
            new PrepareRequest(acc[1], MAX, null));
    applyPrepares(step4, batched).forEach(o -> out.add(d.apply(o)));

    for (AccountId a : acc) {
      out.add(d.apply(tracker().balance(a)));
      tracker().pendingSettlements(a).forEach(s -> out.add("pending " + d.apply(s)));
    }
    return out;
  }

  private List<Outcome<PrepareResult>> applyPrepares(List<PrepareRequest> rs, boolean batched) {
    if (batched) {
      return tracker().prepareAll(rs);
    }
    List<Outcome<PrepareResult>> out = new ArrayList<>();
    rs.forEach(r -> out.add(single(() -> tracker().prepare(r))));
    return out;
  }

  private List<Outcome<FulfillResult>> applyFulfills(List<FulfillRequest> rs, boolean batched) {
    if (batched) {
      return tracker().fulfillAll(rs);
    }
    List<Outcome<FulfillResult>> out = new ArrayList<>();
    rs.forEach(r -> out.add(single(() -> tracker().fulfill(r))));
    return out;
  }

  private List<Outcome<AccountBalance>> applyRejects(List<PrepareResult> rs, boolean batched) {
    if (batched) {
      return tracker().rejectAll(rs);
    }
    List<Outcome<AccountBalance>> out = new ArrayList<>();
    rs.forEach(r -> out.add(single(() -> tracker().reject(r))));
    return out;
  }

  private static <T> Outcome<T> single(Supplier<T> call) {
    try {
      return Outcome.success(call.get());
    } catch (BalanceException e) {
      return Outcome.failure(e);
    }
  }

  private static String describe(Object o, Map<AccountId, String> names) {
    if (o instanceof Outcome.Success<?> s) {
      return describe(s.value(), names);
    }
    if (o instanceof Outcome.Failure<?> f) {
      return describe(f.error(), names);
    }
    if (o instanceof AccountBalance b) {
      return names.get(b.account()) + "(" + b.clearingBalance() + "," + b.prepaidAmount() + ")";
    }
    if (o instanceof PrepareResult p) {
      return "prepared "
          + p.amount()
          + " prepaid="
          + p.fromPrepaid()
          + " clearing="
          + p.fromClearing()
          + " -> "
          + describe(p.balance(), names);
    }
    if (o instanceof FulfillResult f) {
      return "fulfilled -> "
          + describe(f.balance(), names)
          + (f.settlement() == null ? "" : " settlement=" + describe(f.settlement(), names));
    }
    if (o instanceof PendingSettlement s) {
      return names.get(s.account()) + ":" + s.amount();
    }
    if (o instanceof IncomingSettlementResult r) {
      return "incoming "
          + r.amount()
          + " clearing="
          + r.toClearing()
          + " prepaid="
          + r.toPrepaid()
          + " -> "
          + describe(r.balance(), names);
    }
    if (o instanceof InsufficientBalanceException e) {
      return "InsufficientBalanceException "
          + names.get(e.account())
          + " amount="
          + e.amount()
          + " net="
          + e.netBalance()
          + " min="
          + e.minBalance();
    }
    if (o instanceof BalanceOverflowException e) {
      return "BalanceOverflowException " + names.get(e.account());
    }
    if (o instanceof Throwable t) {
      return t.getClass().getSimpleName();
    }
    return String.valueOf(o);
  }
}
