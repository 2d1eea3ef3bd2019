package io.ledgerkit.persistence.balance.internal;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementPage;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The {@code InMemoryBalanceTracker}'s index of pending settlements across accounts, by the
 * sequence in which they were opened (for keyset pages). An account adds a settlement when a
 * fulfill opens it and removes it when it is closed, under its own monitor; a reader re-reads each
 * settlement under its account's monitor, so one closed in between is skipped. Thread-safe.
 */
public final class InMemorySettlementIndex {

  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentSkipListMap<Long, SettlementId> pending = new ConcurrentSkipListMap<>();

  /** Creates an empty index. */
  public InMemorySettlementIndex() {}

  long add(SettlementId id) {
    long s = sequence.incrementAndGet();
    pending.put(s, id);
    return s;
  }

  void remove(long sequence) {
    pending.remove(sequence);
  }

  /**
   * A page of pending settlements opened after a cursor position.
   *
   * @param after the opening sequence the page starts after ({@code 0} for the first page)
   * @param limit at most this many settlements
   * @param accounts the tracker's accounts by id ({@code null} when unknown)
   * @return the page, whose cursor is the last opening sequence read when more may follow
   */
  public SettlementPage page(long after, int limit, Function<AccountId, InMemoryAccount> accounts) {
    InMemoryKeyset<PendingSettlement> page =
        InMemoryKeyset.page(
            pending,
            after,
            limit,
            accounts,
            SettlementId::account,
            (a, sequence, id) -> a.pendingAt(id, sequence));
    return new SettlementPage(page.items(), page.next());
  }
}
