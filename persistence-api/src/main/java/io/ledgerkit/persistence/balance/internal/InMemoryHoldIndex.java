package io.ledgerkit.persistence.balance.internal;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldPage;
import io.ledgerkit.persistence.balance.HoldRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The {@code InMemoryBalanceTracker}'s index of held holds across accounts: by creation sequence
 * (for keyset pages of held holds) and by expiry (for expiry sweeps). An account adds its hold when
 * it holds and removes it when the hold is resolved, under its own monitor; a reader of the index
 * re-reads each hold under its account's monitor, so a hold resolved in between is skipped.
 * Thread-safe.
 */
public final class InMemoryHoldIndex {

  private final AtomicLong sequence = new AtomicLong();
  private final ConcurrentSkipListMap<Long, HoldRef> held = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListSet<Expiring> expiring = new ConcurrentSkipListSet<>();

  /** Creates an empty index. */
  public InMemoryHoldIndex() {}

  long nextSequence() {
    return sequence.incrementAndGet();
  }

  void add(InMemoryOp.HoldOp h, HoldRef ref) {
    held.put(h.sequence, ref);
    if (h.request.expiresAt() != null) {
      expiring.add(new Expiring(h.request.expiresAt().toEpochMilli(), h.sequence, ref));
    }
  }

  void remove(InMemoryOp.HoldOp h) {
    held.remove(h.sequence);
    if (h.result.expiresAt() != null) {
      expiring.remove(
          new Expiring(h.result.expiresAt().toEpochMilli(), h.sequence, h.hold().ref()));
    }
  }

  /**
   * A page of held holds created after a cursor position.
   *
   * @param after the creation sequence the page starts after ({@code 0} for the first page)
   * @param limit at most this many holds
   * @param accounts the tracker's accounts by id ({@code null} when unknown)
   * @return the page, whose cursor is the last creation sequence read when more may follow
   */
  public HoldPage page(long after, int limit, Function<AccountId, InMemoryAccount> accounts) {
    InMemoryKeyset<Hold> page =
        InMemoryKeyset.page(
            held,
            after,
            limit,
            accounts,
            HoldRef::account,
            (a, sequence, ref) -> {
              InMemoryOp.HoldOp h = a.heldAt(ref.id(), sequence);
              return h == null ? null : h.hold();
            });
    return new HoldPage(page.items(), page.next());
  }

  /**
   * Releases held holds whose expiry has passed, oldest expiry first. Each due hold is taken from
   * the index by one caller only; a hold whose give-back would overflow stays held and due.
   *
   * @param limit at most this many holds
   * @param now the time
   * @param accounts the tracker's accounts by id ({@code null} when unknown)
   * @return the holds released
   */
  public List<Hold> expire(int limit, Instant now, Function<AccountId, InMemoryAccount> accounts) {
    List<Hold> out = new ArrayList<>();
    Expiring next = expiring.ceiling(Expiring.FIRST);
    while (out.size() < limit && next != null && next.expiresAt <= now.toEpochMilli()) {
      Expiring due = next;
      next = expiring.higher(due);
      if (!expiring.remove(due)) {
        continue; // another caller took it
      }
      InMemoryAccount a = accounts.apply(due.ref.account());
      if (a == null) {
        continue;
      }
      synchronized (a) {
        InMemoryOp.HoldOp h = a.heldAt(due.ref.id(), due.sequence);
        if (h != null) {
          try {
            out.add(a.expire(h, now).hold());
          } catch (BalanceOverflowException e) {
            // giving the split back would leave the 64-bit range: the hold stays held and due,
            // a later sweep retries it; the others are released now
            expiring.add(due);
          }
        }
      }
    }
    return List.copyOf(out);
  }

  private record Expiring(long expiresAt, long sequence, HoldRef ref)
      implements Comparable<Expiring> {
    /** Sorts before every real entry. */
    static final Expiring FIRST = new Expiring(Long.MIN_VALUE, Long.MIN_VALUE, null);

    @Override
    public int compareTo(Expiring o) {
      int c = Long.compare(expiresAt, o.expiresAt);
      return c != 0 ? c : Long.compare(sequence, o.sequence);
    }
  }
}
