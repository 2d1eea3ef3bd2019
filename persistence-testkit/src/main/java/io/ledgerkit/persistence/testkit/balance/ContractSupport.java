package io.ledgerkit.persistence.testkit.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ledgerkit.persistence.balance.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.function.*;

/** Constants, static helpers and value types the contract parts share (not an API). */
final class ContractSupport {

  /** How far after the store's time the short expiries of the expiry cases lie. */
  static final Duration SHORT_EXPIRY = Duration.ofMillis(300);

  /** The longest any case waits for the store's time to pass an expiry. */
  static final Duration WAIT_BOUND = Duration.ofSeconds(5);

  static final BalanceSettings NONE = BalanceSettings.NONE;

  static final long MAX = Long.MAX_VALUE;
  static final long MIN = Long.MIN_VALUE;
  static final long TWO_53_PLUS_1 = (1L << 53) + 1;

  private ContractSupport() {}

  /** Runs {@code call} from {@code threads} threads released at once; one outcome per thread. */
  static <T> List<Outcome<T>> allAtOnce(ExecutorService pool, int threads, Supplier<T> call)
      throws Exception {
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Outcome<T>>> futures = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      futures.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                try {
                  return Outcome.success(call.get());
                } catch (BalanceException e) {
                  return Outcome.<T>failure(e);
                }
              }));
    }
    assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
    go.countDown();
    List<Outcome<T>> out = new ArrayList<>();
    for (Future<Outcome<T>> f : futures) {
      out.add(f.get(60, TimeUnit.SECONDS));
    }
    return out;
  }

  static <T> T onlyOneApplied(List<Outcome<T>> outcomes, Predicate<T> replayed, String what) {
    assertThat(outcomes).as("outcomes of %s", what).allMatch(Outcome::isSuccess);
    List<T> applied = outcomes.stream().map(Outcome::get).filter(replayed.negate()).toList();
    assertThat(applied).as("answers of %s that say they applied", what).hasSize(1);
    return applied.get(0);
  }

  static int index(AccountId[] acc, AccountId a) {
    return Arrays.asList(acc).indexOf(a);
  }

  static boolean noneHeld(BalanceTracker t, Set<HoldRef> refs) {
    for (HoldRef ref : refs) {
      Optional<Hold> h = t.hold(ref);
      if (h.isEmpty() || h.get().state() == HoldState.HELD) {
        return false;
      }
    }
    return true;
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Reads an account's whole retained journal, in pages of 100. */
  static List<JournalEntry> journalOf(BalanceTracker t, AccountId a) {
    List<JournalEntry> all = new ArrayList<>();
    long from = 1;
    while (true) {
      List<JournalEntry> page = t.journal(a, from, 100);
      assertThat(page).as("journal page of %s from %d", a, from).hasSizeLessThanOrEqualTo(100);
      all.addAll(page);
      if (page.size() < 100) {
        return all;
      }
      from = last(page).sequence() + 1;
    }
  }

  static <T> T last(List<T> list) {
    assertThat(list).isNotEmpty();
    return list.get(list.size() - 1);
  }

  static <T> List<T> concat(List<T> x, List<T> y) {
    List<T> out = new ArrayList<>(x);
    out.addAll(y);
    return out;
  }

  static Throwable failure(Outcome<?> o) {
    assertThat(o).isInstanceOf(Outcome.Failure.class);
    return ((Outcome.Failure<?>) o).error();
  }

  /**
   * Pages through all held holds, counting each. Small limits start the iteration; after 50 pages
   * the limit grows to 500 so that a shared store holding others' holds is still read fast.
   */
  static Map<HoldRef, Integer> listAll(BalanceTracker t, int firstLimit) {
    Map<HoldRef, Integer> seen = new HashMap<>();
    String cursor = null;
    int pages = 0;
    do {
      int limit = pages < 50 ? firstLimit : 500;
      HoldPage page = t.holds(cursor, limit);
      assertThat(page.holds())
          .as("page %d with limit %d", pages, limit)
          .hasSizeLessThanOrEqualTo(limit);
      for (Hold h : page.holds()) {
        assertThat(h.state()).as("state of listed %s", h.ref()).isEqualTo(HoldState.HELD);
        seen.merge(h.ref(), 1, Integer::sum);
      }
      assertThat(page.hasNext()).isEqualTo(page.next() != null);
      cursor = page.next();
      pages++;
      assertThat(pages).as("pages of the hold listing (does it end?)").isLessThan(1_000_000);
    } while (cursor != null);
    return seen;
  }

  /**
   * Pages through all pending settlements, counting each; checks every page against its limit and
   * each settlement against the tracker's per-account list. Small limits start the iteration; after
   * 50 pages the limit grows to 500 so that a shared store holding others' settlements is still
   * read fast. {@code between} runs before every page after the first (to open and close
   * settlements during the iteration).
   */
  static Map<SettlementId, Integer> listAllSettlements(
      BalanceTracker t, int firstLimit, Runnable between) {
    Map<SettlementId, Integer> seen = new HashMap<>();
    String cursor = null;
    int pages = 0;
    do {
      if (pages > 0) {
        between.run();
      }
      int limit = pages < 50 ? firstLimit : 500;
      SettlementPage page = t.pendingSettlements(cursor, limit);
      assertThat(page.settlements())
          .as("page %d with limit %d", pages, limit)
          .hasSizeLessThanOrEqualTo(limit);
      for (PendingSettlement s : page.settlements()) {
        assertThat(s.account()).as("account of listed %s", s.id()).isEqualTo(s.id().account());
        seen.merge(s.id(), 1, Integer::sum);
      }
      assertThat(page.hasNext()).isEqualTo(page.next() != null);
      cursor = page.next();
      pages++;
      assertThat(pages).as("pages of the settlement listing (does it end?)").isLessThan(1_000_000);
    } while (cursor != null);
    return seen;
  }

  /**
   * Calls {@code expireHolds} until every hold of {@code refs} is no longer held (others sharing
   * the store may release some), at most {@link #WAIT_BOUND}.
   *
   * @return the holds of {@code refs} these calls released
   */
  static List<Hold> expireUntilReleased(BalanceTracker t, Set<HoldRef> refs) {
    List<Hold> ours = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT_BOUND.toNanos();
    while (true) {
      for (Hold h : t.expireHolds(100)) {
        assertThat(h.state()).as("state of released %s", h.ref()).isEqualTo(HoldState.EXPIRED);
        if (refs.contains(h.ref())) {
          ours.add(h);
        }
      }
      if (noneHeld(t, refs)) {
        return ours;
      }
      if (System.nanoTime() > deadline) {
        fail("expireHolds did not release " + refs + " within " + WAIT_BOUND);
      }
      sleep(10);
    }
  }

  static final class Tally {
    final long[] clearing;
    final long[] prepaid;
    final List<String> problems = new ArrayList<>();
    long operations;
    long accepted;
    long refused;

    Tally(int accounts) {
      clearing = new long[accounts];
      prepaid = new long[accounts];
    }

    void add(Tally o) {
      for (int i = 0; i < clearing.length; i++) {
        clearing[i] += o.clearing[i];
        prepaid[i] += o.prepaid[i];
      }
      problems.addAll(o.problems);
      operations += o.operations;
      accepted += o.accepted;
      refused += o.refused;
    }
  }

  record Expected(
      JournalKind kind,
      String reference,
      long clearingDelta,
      long prepaidDelta,
      long clearing,
      long prepaid) {}

  static final class RetryTally {
    final long[] clearing;
    final long[] prepaid;
    final List<String> problems = new ArrayList<>();
    long replays;

    RetryTally(int accounts) {
      clearing = new long[accounts];
      prepaid = new long[accounts];
    }

    void add(RetryTally o) {
      for (int i = 0; i < clearing.length; i++) {
        clearing[i] += o.clearing[i];
        prepaid[i] += o.prepaid[i];
      }
      problems.addAll(o.problems);
      replays += o.replays;
    }
  }
}
