package io.ledgerkit.persistence.balance.internal;

import io.ledgerkit.persistence.balance.AccountId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;

/**
 * A keyset page over an index by sequence number, the paging rule the in-memory tracker's store
 * wide listings share: the page starts after the cursor's sequence, every entry read is re-checked
 * by the caller (an entry whose item is gone reads as {@code null} and is skipped), and the next
 * cursor is the last sequence read when the index has a later one.
 *
 * @param items the items read
 * @param next the cursor of the next page, or {@code null} at the end
 * @param <T> the item type
 */
record InMemoryKeyset<T>(List<T> items, String next) {

  /** Reads an entry's item under its account's monitor. */
  @FunctionalInterface
  interface Reader<R, T> {
    /**
     * Reads the item now.
     *
     * @param account the entry's account, whose monitor the caller holds
     * @param sequence the entry's sequence
     * @param ref the entry's reference
     * @return the item, or {@code null} when it is no longer listed
     */
    T read(InMemoryAccount account, long sequence, R ref);
  }

  /**
   * Reads a page: each entry is re-read under its account's monitor.
   *
   * @param index the index, sequence to the entry's reference
   * @param after the sequence the page starts after ({@code 0} for the first page)
   * @param limit at most this many items
   * @param accounts the tracker's accounts by id ({@code null} when unknown)
   * @param accountOf the account of a reference
   * @param read reads an entry's item, or {@code null} when it is no longer listed
   * @return the page
   * @param <R> the reference type
   * @param <T> the item type
   */
  static <R, T> InMemoryKeyset<T> page(
      ConcurrentSkipListMap<Long, R> index,
      long after,
      int limit,
      Function<AccountId, InMemoryAccount> accounts,
      Function<R, AccountId> accountOf,
      Reader<R, T> read) {
    List<T> page = new ArrayList<>(Math.min(limit, 1024));
    Long last = null;
    for (Map.Entry<Long, R> e : index.tailMap(after, false).entrySet()) {
      if (page.size() == limit) {
        break;
      }
      InMemoryAccount a = accounts.apply(accountOf.apply(e.getValue()));
      if (a != null) {
        T item;
        synchronized (a) {
          item = read.read(a, e.getKey(), e.getValue());
        }
        if (item != null) {
          page.add(item);
        }
      }
      last = e.getKey();
    }
    boolean more = last != null && index.higherKey(last) != null;
    return new InMemoryKeyset<>(page, more ? Long.toString(last) : null);
  }
}
