package io.ledgerkit.persistence.balance.docs;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldExpiredException;
import io.ledgerkit.persistence.balance.HoldExpiry;
import io.ledgerkit.persistence.balance.HoldPage;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.OperationConflictException;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.UnknownHoldException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The Interledger packet lifecycle of docs/balance-tracking.md, "Exactly once": a connector that
 * takes a packet from an incoming peer, forwards it to the next hop, and settles the balances of
 * both accounts exactly once. Run by {@code PacketLifecycleTest}.
 */
public final class PacketLifecycle {

  /**
   * An ILP prepare as the connector sees it.
   *
   * @param id the packet's id (for example derived from its execution condition)
   * @param amount the amount
   * @param expiresAt the packet's expiry
   */
  public record Packet(String id, long amount, Instant expiresAt) {}

  /** The next hop. */
  public interface NextHop {
    /**
     * Forwards a packet and waits for the answer.
     *
     * @param packet the packet
     * @return {@code true} when the next hop fulfilled it, {@code false} when it rejected it
     */
    boolean forward(Packet packet);
  }

  private static final int MAX_ATTEMPTS = 5;

  private final BalanceTracker tracker;
  private final AccountId incoming;
  private final AccountId outgoing;
  private final long minBalance;
  private final NextHop nextHop;

  /**
   * A connector between two peers.
   *
   * @param tracker the balance tracker
   * @param incoming the account of the peer packets come from
   * @param outgoing the account of the next hop
   * @param minBalance the incoming peer's lowest net balance (its credit limit, negated)
   * @param nextHop the next hop
   */
  public PacketLifecycle(
      BalanceTracker tracker,
      AccountId incoming,
      AccountId outgoing,
      long minBalance,
      NextHop nextHop) {
    this.tracker = tracker;
    this.incoming = incoming;
    this.outgoing = outgoing;
    this.minBalance = minBalance;
    this.nextHop = nextHop;
  }

  // tag::packet[]
  /** Handles one packet of the incoming peer; returns whether to fulfill it upstream. */
  public boolean handle(Packet packet) {
    OperationId id = OperationId.of(packet.id()); // the packet's id, used on both accounts
    HoldRef hold = HoldRef.of(incoming, id);
    try {
      retrying(
          () ->
              tracker.prepare(
                  PrepareRequest.of(incoming, packet.amount())
                      .withId(id)
                      .withMinBalance(minBalance)
                      .expiringAt(packet.expiresAt()))); // the hold expires with the packet
    } catch (InsufficientBalanceException | HoldExpiredException e) {
      return false; // reject upstream: nothing was taken
    }
    if (!nextHop.forward(packet)) {
      retrying(() -> tracker.reject(hold)); // gives back exactly what the prepare took
      return false;
    }
    // The next hop fulfilled: we owe it the amount, whatever happens upstream.
    retrying(() -> tracker.fulfill(FulfillRequest.of(outgoing, packet.amount()).withId(id)));
    try {
      retrying(() -> tracker.commit(hold)); // the incoming peer's prepare becomes final
      return true;
    } catch (HoldExpiredException e) {
      return false; // too late: the packet expired upstream and its hold was released
    }
  }

  // end::packet[]

  // tag::retry[]
  /** Retries a call that failed in doubt: safe, because every operation carries its id. */
  static <T> T retrying(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (BalanceStoreUnavailableException e) {
        if (attempt == MAX_ATTEMPTS) {
          throw e; // still in doubt: recovery (below) resolves the hold later
        }
        pause(attempt);
      }
    }
  }

  // end::retry[]

  // tag::recover[]
  /** After a crash: resolves every hold left held, by what the next hop answered. */
  public int recover(Predicate<Hold> fulfilledDownstream) {
    int resolved = 0;
    String cursor = null;
    do {
      HoldPage page = tracker.holds(cursor, 500); // every account, a page at a time
      for (Hold hold : page.holds()) {
        try {
          if (fulfilledDownstream.test(hold)) {
            tracker.commit(hold.ref());
          } else {
            tracker.reject(hold.ref());
          }
          resolved++;
        } catch (HoldExpiredException | UnknownHoldException | OperationConflictException e) {
          // expired meanwhile (released once), or resolved by another instance
        }
      }
      cursor = page.next();
    } while (cursor != null);
    return resolved;
  }

  // end::recover[]

  /**
   * Serves packets while the hold-expiry scheduler runs (what {@code Ledgerkit.start} does with
   * {@code balance.holds.expiry.enabled=true}).
   *
   * @param tracker the tracker
   * @param work the packets served meanwhile
   */
  public static void serve(BalanceTracker tracker, Runnable work) {
    // tag::expiry[]
    try (HoldExpiry expiry = HoldExpiry.start(tracker, Duration.ofSeconds(1), 1000)) {
      work.run(); // holds whose reply never came are released once their packet expired
    }
    // end::expiry[]
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(10L * attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying", e);
    }
  }
}
