package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldPage;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.SettlementPage;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * {@code bench listing}: fills a store with accounts that each have one held hold and one pending
 * settlement, then pages through every held hold ({@link BalanceTracker#holds(String, int)}) and
 * every pending settlement ({@link BalanceTracker#pendingSettlements(String, int)}) of the store,
 * and reports the time, the pages and the heap the listing used. Each run's accounts are named
 * {@code list-<run>-<n>}, with a run id of its own, so that what other runs left in the store is
 * listed (and costs time) but counted apart; every own account must be seen exactly once, which a
 * bit per account checks in bounded memory.
 */
final class ListingBench {

  private final BalanceTracker tracker;
  private final String store;
  private final int accounts;
  private final int page;
  private final int threads;
  private final String prefix =
      "list-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16) + "-";

  /**
   * Prepares a run.
   *
   * @param tracker the tracker, not wrapped for auto-batching
   * @param store the store's name, for the result
   * @param accounts how many accounts to fill
   * @param page the page size of the listing calls
   * @param threads how many threads fill the store
   */
  ListingBench(BalanceTracker tracker, String store, int accounts, int page, int threads) {
    this.tracker = tracker;
    this.store = store;
    this.accounts = accounts;
    this.page = page;
    this.threads = threads;
  }

  /**
   * The figures of one listing: what was seen and what it cost.
   *
   * @param listed every item listed, this run's and others'
   * @param own this run's items seen
   * @param missing this run's accounts not seen
   * @param duplicates this run's items seen more than once
   * @param pages pages read
   * @param seconds the time of the whole listing
   * @param heapPeakBytes the largest heap in use after a page (sampled, garbage included)
   */
  record Listing(
      long listed,
      long own,
      long missing,
      long duplicates,
      long pages,
      double seconds,
      long heapPeakBytes) {

    /** The members of this listing in a flat JSON object, each name starting with {@code what}. */
    String toJson(String what) {
      return String.format(
          Locale.ROOT,
          "\"%1$sListed\":%2$d,\"%1$sOwn\":%3$d,\"%1$sMissing\":%4$d,\"%1$sDuplicates\":%5$d,"
              + "\"%1$sPages\":%6$d,\"%1$sSeconds\":%7$.3f,\"%1$sPerSecond\":%8$.1f,"
              + "\"%1$sHeapPeakBytes\":%9$d",
          what,
          listed,
          own,
          missing,
          duplicates,
          pages,
          seconds,
          listed / seconds,
          heapPeakBytes);
    }

    String toText(String what) {
      return String.format(
          Locale.ROOT,
          "%-12s %,d listed (%,d of this run, %d missing, %d duplicates) in %,d pages, %.2f s,"
              + " %,.0f/s; heap peak %,d MB%n",
          what,
          listed,
          own,
          missing,
          duplicates,
          pages,
          seconds,
          listed / seconds,
          heapPeakBytes >> 20);
    }
  }

  /**
   * The figures of a run.
   *
   * @param store the store's name
   * @param accounts accounts filled
   * @param page the page size
   * @param fillSeconds the time of filling the store
   * @param maxHeapBytes the JVM's maximum heap ({@code -Xmx})
   * @param holds the listing of the held holds
   * @param settlements the listing of the pending settlements
   */
  record Result(
      String store,
      int accounts,
      int page,
      double fillSeconds,
      long maxHeapBytes,
      Listing holds,
      Listing settlements) {

    /**
     * Whether every account of the run was seen exactly once in both listings.
     *
     * @return {@code true} when nothing was missing or repeated
     */
    boolean exact() {
      return holds.missing() == 0
          && holds.duplicates() == 0
          && settlements.missing() == 0
          && settlements.duplicates() == 0;
    }

    String toJson() {
      return String.format(
          Locale.ROOT,
          "{\"store\":\"%s\",\"accounts\":%d,\"page\":%d,\"fillSeconds\":%.3f,"
              + "\"maxHeapBytes\":%d,%s,%s}",
          store,
          accounts,
          page,
          fillSeconds,
          maxHeapBytes,
          holds.toJson("holds"),
          settlements.toJson("settlements"));
    }

    String toText() {
      return String.format(
              Locale.ROOT,
              "listing: %s, %,d accounts with one held hold and one pending settlement each,"
                  + " pages of %,d, max heap %,d MB%nfill         %.1f s%n",
              store,
              accounts,
              page,
              maxHeapBytes >> 20,
              fillSeconds)
          + holds.toText("holds")
          + settlements.toText("settlements");
    }
  }

  /**
   * Fills the store, then lists the holds and the settlements.
   *
   * @return the figures
   */
  Result run() {
    tracker.balance(account(0));
    BalanceBench.requireExactlyOnce(tracker, store, account(0));
    BalanceSettings settleAtOne = BalanceSettings.settleAt(1, 0);
    double fill =
        Preload.run(
            accounts,
            threads,
            (from, to) -> {
              List<FulfillRequest> fulfills = new ArrayList<>(to - from);
              List<PrepareRequest> prepares = new ArrayList<>(to - from);
              for (int i = from; i < to; i++) {
                // The fulfill opens a settlement of 1 (clearing reaches the threshold, back to
                // 0); the prepare then holds 1, with an id and no expiry.
                fulfills.add(new FulfillRequest(account(i), 1, settleAtOne));
                prepares.add(
                    PrepareRequest.of(account(i), 1).withId(OperationId.of("list-hold-" + i)));
              }
              Preload.requireAllSucceeded("filling the settlements", tracker.fulfillAll(fulfills));
              Preload.requireAllSucceeded("filling the holds", tracker.prepareAll(prepares));
            });
    Listing holds = listHolds();
    Listing settlements = listSettlements();
    return new Result(
        store, accounts, page, fill, Runtime.getRuntime().maxMemory(), holds, settlements);
  }

  private AccountId account(int i) {
    return AccountId.of(prefix + i);
  }

  /** This run's number of an account, or -1 for an account of another run. */
  private int own(AccountId account) {
    String name = account.value();
    if (!name.startsWith(prefix)) {
      return -1;
    }
    try {
      int n = Integer.parseInt(name, prefix.length(), name.length(), 10);
      return n < accounts ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Counts what one listing saw, a bit per account, and samples the heap after each page. */
  private final class Counter {
    private final BitSet seen = new BitSet(accounts);
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final long start = System.nanoTime();
    private long listed;
    private long own;
    private long duplicates;
    private long pages;
    private long heapPeak;

    void item(AccountId account) {
      listed++;
      int n = own(account);
      if (n >= 0) {
        own++;
        if (seen.get(n)) {
          duplicates++;
        }
        seen.set(n);
      }
    }

    void pageDone() {
      pages++;
      heapPeak = Math.max(heapPeak, memory.getHeapMemoryUsage().getUsed());
    }

    Listing done() {
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Listing(
          listed, own, accounts - seen.cardinality(), duplicates, pages, seconds, heapPeak);
    }
  }

  private Listing listHolds() {
    return list(
        cursor -> {
          HoldPage p = tracker.holds(cursor, page);
          return new Page(p.holds().stream().map(Hold::account).toList(), p.next());
        });
  }

  private Listing listSettlements() {
    return list(
        cursor -> {
          SettlementPage p = tracker.pendingSettlements(cursor, page);
          return new Page(
              p.settlements().stream().map(PendingSettlement::account).toList(), p.next());
        });
  }

  /** The accounts of one page's items, and the cursor of the next page. */
  private record Page(List<AccountId> accounts, String next) {}

  /** Reads every page from the first, counting what each holds. */
  private Listing list(Function<String, Page> read) {
    System.gc();
    Counter c = new Counter();
    String cursor = null;
    do {
      Page p = read.apply(cursor);
      p.accounts().forEach(c::item);
      c.pageDone();
      cursor = p.next();
    } while (cursor != null);
    return c.done();
  }
}
