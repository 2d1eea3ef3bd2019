package io.ledgerkit.persistence.balance;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.docs.PacketLifecycle;
import io.ledgerkit.persistence.balance.docs.PacketLifecycle.Packet;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Runs the packet lifecycle of docs/balance-tracking.md on the in-memory reference tracker. */
class PacketLifecycleTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final AccountId ALICE = AccountId.of("alice"); // incoming peer
  private static final AccountId BOB = AccountId.of("bob"); // next hop

  private final MutableClock clock = new MutableClock(T0);
  private final InMemoryBalanceTracker tracker =
      InMemoryBalanceTracker.configure().clock(clock).start();

  @AfterEach
  void close() {
    tracker.close();
  }

  private static Packet packet(String id, long amount) {
    return new Packet(id, amount, T0.plusSeconds(30));
  }

  private PacketLifecycle connector(BalanceTracker t, PacketLifecycle.NextHop hop) {
    return new PacketLifecycle(t, ALICE, BOB, -100, hop);
  }

  private HoldState state(String id) {
    return tracker.hold(HoldRef.of(ALICE, OperationId.of(id))).orElseThrow().state();
  }

  @Test
  void aFulfilledPacketTakesFromTheIncomingAccountAndCreditsTheNextHopOnce() {
    PacketLifecycle c = connector(tracker, p -> true);

    assertThat(c.handle(packet("p1", 10))).isTrue();
    // Delivered again (the peer retried): every step replays, nothing moves twice.
    assertThat(c.handle(packet("p1", 10))).isTrue();

    assertThat(tracker.balance(ALICE).netBalance()).isEqualTo(-10);
    assertThat(tracker.balance(BOB).netBalance()).isEqualTo(10);
    assertThat(state("p1")).isEqualTo(HoldState.COMMITTED);
    assertThat(tracker.journal(BOB, 1, 10))
        .extracting(JournalEntry::kind, JournalEntry::reference)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(JournalKind.FULFILL, "p1"));
  }

  @Test
  void aRejectedPacketGivesBackWhatItTook() {
    PacketLifecycle c = connector(tracker, p -> false);

    assertThat(c.handle(packet("p2", 10))).isFalse();

    assertThat(tracker.balance(ALICE).netBalance()).isZero();
    assertThat(tracker.balance(BOB).netBalance()).isZero();
    assertThat(state("p2")).isEqualTo(HoldState.REJECTED);
  }

  @Test
  void overTheCreditLimitOrAlreadyExpiredNothingIsTakenOrForwarded() {
    AtomicInteger forwarded = new AtomicInteger();
    PacketLifecycle c = connector(tracker, p -> forwarded.incrementAndGet() > 0);

    assertThat(c.handle(packet("big", 101))).isFalse();
    assertThat(c.handle(new Packet("late", 1, T0))).isFalse();

    assertThat(forwarded).hasValue(0);
    assertThat(tracker.balance(ALICE).netBalance()).isZero();
    assertThat(tracker.hold(HoldRef.of(ALICE, OperationId.of("big")))).isEmpty();
  }

  @Test
  void aFulfillmentAfterThePacketExpiredCreditsTheNextHopButReleasesTheHold() {
    PacketLifecycle c =
        connector(
            tracker,
            p -> {
              clock.advance(Duration.ofSeconds(31)); // the next hop answers too late
              return true;
            });

    assertThat(c.handle(packet("slow", 10))).isFalse();

    assertThat(state("slow")).isEqualTo(HoldState.EXPIRED);
    assertThat(tracker.balance(ALICE).netBalance()).isZero();
    assertThat(tracker.balance(BOB).netBalance()).isEqualTo(10);
  }

  @Test
  void aCallLostInDoubtIsRetriedWithTheSameIdAndAppliesOnce() {
    // The store applies the first prepare and the first fulfill, but their replies are lost.
    Set<String> failOnce = new java.util.HashSet<>(Set.of("prepare", "fulfill"));
    BalanceTracker lossy =
        (BalanceTracker)
            Proxy.newProxyInstance(
                BalanceTracker.class.getClassLoader(),
                new Class<?>[] {BalanceTracker.class},
                (proxy, method, args) -> {
                  Object result;
                  try {
                    result = method.invoke(tracker, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                  if (failOnce.remove(method.getName())) {
                    throw BalanceStoreUnavailableException.inDoubt("reply lost (test)", null);
                  }
                  return result;
                });
    PacketLifecycle c = connector(lossy, p -> true);

    assertThat(c.handle(packet("p3", 10))).isTrue();

    assertThat(failOnce).isEmpty();
    assertThat(tracker.balance(ALICE).netBalance()).isEqualTo(-10);
    assertThat(tracker.balance(BOB).netBalance()).isEqualTo(10);
    assertThat(tracker.journal(ALICE, 1, 10))
        .extracting(JournalEntry::kind)
        .containsExactly(JournalKind.PREPARE, JournalKind.COMMIT);
  }

  @Test
  void afterACrashTheHoldsLeftAreListedAndResolved() {
    PacketLifecycle crashing =
        connector(
            tracker,
            p -> {
              throw new IllegalStateException("crash while forwarding (test)");
            });
    for (String id : new String[] {"c1", "c2", "c3"}) {
      try {
        crashing.handle(packet(id, 5));
      } catch (IllegalStateException expected) {
        // the process "dies" here; the holds stay with the account
      }
    }
    assertThat(tracker.balance(ALICE).netBalance()).isEqualTo(-15);

    // A new process: the next hop's log says c2 was fulfilled.
    PacketLifecycle restarted = connector(tracker, p -> true);
    int resolved = restarted.recover(h -> h.id().value().equals("c2"));

    assertThat(resolved).isEqualTo(3);
    assertThat(state("c1")).isEqualTo(HoldState.REJECTED);
    assertThat(state("c2")).isEqualTo(HoldState.COMMITTED);
    assertThat(state("c3")).isEqualTo(HoldState.REJECTED);
    assertThat(tracker.balance(ALICE).netBalance()).isEqualTo(-5);
    assertThat(tracker.holds(ALICE)).isEmpty();
  }

  @Test
  void theExpirySchedulerReleasesHoldsWhoseReplyNeverCame() {
    PacketLifecycle.serve(
        tracker,
        () -> {
          PacketLifecycle stuck =
              connector(
                  tracker,
                  p -> {
                    throw new IllegalStateException("no reply (test)");
                  });
          try {
            stuck.handle(packet("e1", 7));
          } catch (IllegalStateException expected) {
            // no answer from the next hop
          }
          assertThat(tracker.balance(ALICE).netBalance()).isEqualTo(-7);
          clock.advance(Duration.ofSeconds(30));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (state("e1") != HoldState.EXPIRED && System.nanoTime() < deadline) {
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
          }
        });

    assertThat(state("e1")).isEqualTo(HoldState.EXPIRED);
    assertThat(tracker.balance(ALICE).netBalance()).isZero();
  }
}
