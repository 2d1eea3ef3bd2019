package io.ledgerkit.persistence.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What the in-memory tracker's injected {@link Clock} and {@link Retention} decide: expiry by that
 * clock (never the JVM's), pruning of resolved records, and the journal's count and age limits. The
 * exactly-once contract itself runs in persistence-testkit.
 */
@DisplayName("InMemoryBalanceTracker: clock and retention")
class InMemoryExactlyOnceTest {

  private static final AccountId A = AccountId.of("alice");
  private static final Instant T0 = Instant.parse("2100-01-01T00:00:00Z");

  private final MutableClock clock = new MutableClock(T0);

  private InMemoryBalanceTracker tracker(Retention retention) {
    return InMemoryBalanceTracker.configure().clock(clock).retention(retention).start();
  }

  private static PrepareRequest hold(long amount, String id, Instant expiresAt) {
    return new PrepareRequest(A, amount, null, OperationId.of(id), expiresAt);
  }

  @Test
  @DisplayName(
      "expiry is judged by the injected clock: a prepare expiring before it is refused though the"
          + " JVM's time is earlier, holds expire exactly at expiresAt, times are the clock's")
  void expiryByTheInjectedClock() {
    try (InMemoryBalanceTracker t = tracker(Retention.defaults())) {
      // in the JVM's future, in the store's past
      Instant beforeStore = T0.minus(Duration.ofDays(1));
      assertThat(beforeStore).isAfter(Instant.now());
      HoldExpiredException late =
          (HoldExpiredException) catchThrowable(() -> t.prepare(hold(5, "late", beforeStore)));
      assertThat(late).isNotNull();
      assertThat(late.hold()).isNull();
      assertThat(t.balance(A)).isEqualTo(AccountBalance.zero(A));
      assertThat(t.journal(A, 1, 10)).isEmpty();
      assertThat(catchThrowable(() -> t.prepare(hold(5, "now", T0))))
          .isInstanceOf(HoldExpiredException.class);

      Instant expires = T0.plusSeconds(10);
      t.prepare(hold(5, "soon", expires));
      t.prepare(hold(7, "commit-late", expires));
      Hold h = t.hold(HoldRef.of(A, OperationId.of("soon"))).orElseThrow();
      assertThat(h.createdAt()).isEqualTo(T0);
      assertThat(t.journal(A, 1, 10)).extracting(JournalEntry::at).containsOnly(T0);

      clock.set(expires.minusMillis(1));
      assertThat(t.expireHolds(10)).isEmpty();
      HoldRef cl = HoldRef.of(A, OperationId.of("commit-late"));
      clock.set(expires); // expiresAt <= now: expired
      HoldExpiredException e = (HoldExpiredException) catchThrowable(() -> t.commit(cl));
      assertThat(e).isNotNull();
      assertThat(e.hold().state()).isEqualTo(HoldState.EXPIRED);
      assertThat(e.hold().resolvedAt()).isEqualTo(expires);
      List<Hold> released = t.expireHolds(10);
      assertThat(released).extracting(Hold::id).containsExactly(OperationId.of("soon"));
      assertThat(released.get(0).resolvedAt()).isEqualTo(expires);
      assertThat(t.expireHolds(10)).isEmpty();
      assertThat(t.balance(A)).isEqualTo(AccountBalance.zero(A));
      assertThat(t.holds(A)).isEmpty();
    }
  }

  @Test
  @DisplayName(
      "a hold whose release would overflow stays held and due; expireHolds releases the others"
          + " and retries it once the money fits")
  void expiryOverflowDoesNotStopTheSweep() {
    AccountId b = AccountId.of("bob");
    try (InMemoryBalanceTracker t = tracker(Retention.defaults())) {
      Instant expires = T0.plusSeconds(10);
      HoldRef big = t.prepare(hold(10, "big", expires)).hold().orElseThrow();
      HoldRef other =
          t.prepare(new PrepareRequest(b, 3, null, OperationId.of("other"), expires))
              .hold()
              .orElseThrow();
      t.fulfill(A, Long.MAX_VALUE - 10, BalanceSettings.NONE);
      t.fulfill(A, 15, BalanceSettings.NONE); // clearing MAX - 5: giving 10 back would overflow
      clock.set(expires);
      List<Hold> released = t.expireHolds(10);
      assertThat(released).extracting(Hold::ref).containsExactly(other);
      assertThat(t.hold(big).orElseThrow().state()).isEqualTo(HoldState.HELD);
      assertThat(catchThrowable(() -> t.commit(big))).isInstanceOf(BalanceOverflowException.class);
      assertThat(t.hold(big).orElseThrow().state()).isEqualTo(HoldState.HELD);
      t.prepare(A, 100);
      assertThat(t.expireHolds(10)).extracting(Hold::ref).containsExactly(big);
      assertThat(t.balance(A)).isEqualTo(new AccountBalance(A, Long.MAX_VALUE - 95, 0));
    }
  }

  @Test
  @DisplayName(
      "a clock behind the JVM's accepts and commits a hold whose expiry the JVM has passed")
  void clockBehindTheJvm() {
    clock.set(Instant.parse("2000-01-01T00:00:00Z"));
    try (InMemoryBalanceTracker t = tracker(Retention.defaults())) {
      Instant jvmPast = Instant.now().minus(Duration.ofHours(1));
      PrepareResult p = t.prepare(hold(5, "p", jvmPast));
      assertThat(p.replayed()).isFalse();
      assertThat(t.expireHolds(10)).isEmpty();
      assertThat(t.commit(p.hold().orElseThrow()).hold().state()).isEqualTo(HoldState.COMMITTED);
    }
  }

  @Test
  @DisplayName(
      "resolved hold and fulfill records are kept for `operations`, then forgotten:"
          + " UnknownHoldException, and the id is free again; held holds are never pruned")
  void retentionPrunesResolvedRecords() {
    try (InMemoryBalanceTracker t =
        tracker(Retention.defaults().withOperations(Duration.ofHours(1)))) {
      PrepareRequest committed = hold(10, "committed", null);
      PrepareRequest rejected = hold(20, "rejected", null);
      PrepareRequest kept = hold(30, "kept", null);
      HoldRef c = t.prepare(committed).hold().orElseThrow();
      HoldRef r = t.prepare(rejected).hold().orElseThrow();
      HoldRef k = t.prepare(kept).hold().orElseThrow();
      FulfillRequest f = new FulfillRequest(A, 100, BalanceSettings.NONE, OperationId.of("f"));
      t.fulfill(f);
      t.commit(c);
      t.reject(r);
      AccountBalance before = t.balance(A);
      assertThat(before).isEqualTo(new AccountBalance(A, 60, 0));

      clock.advance(Duration.ofHours(1)); // exactly the retention: still kept
      assertThat(t.commit(c).replayed()).isTrue();
      assertThat(t.reject(r).replayed()).isTrue();
      assertThat(t.fulfill(f).replayed()).isTrue();
      assertThat(t.prepare(committed).replayed()).isTrue();
      assertThat(t.balance(A)).isEqualTo(before);

      clock.advance(Duration.ofMillis(1));
      assertThat(catchThrowable(() -> t.commit(c))).isInstanceOf(UnknownHoldException.class);
      assertThat(catchThrowable(() -> t.reject(r))).isInstanceOf(UnknownHoldException.class);
      assertThat(t.hold(c)).isEmpty();
      assertThat(t.hold(r)).isEmpty();
      assertThat(t.balance(A)).isEqualTo(before);
      // the held one is never pruned
      assertThat(t.hold(k).orElseThrow().state()).isEqualTo(HoldState.HELD);
      clock.advance(Duration.ofDays(30));
      assertThat(t.holds(A)).extracting(Hold::ref).containsExactly(k);
      assertThat(t.commit(k).replayed()).isFalse();

      // forgotten ids are fresh: the repeat applies again (why callers keep retries within it)
      assertThat(t.fulfill(f).replayed()).isFalse();
      assertThat(t.prepare(committed).replayed()).isFalse();
      assertThat(t.balance(A)).isEqualTo(new AccountBalance(A, 150, 0));
    }
  }

  @Test
  @DisplayName("the journal keeps the newest journalEntries per account, sequences continuing")
  void journalCountRetention() {
    try (InMemoryBalanceTracker t = tracker(Retention.defaults().withJournalEntries(5))) {
      for (int i = 1; i <= 8; i++) {
        t.fulfill(A, i, BalanceSettings.NONE);
      }
      List<JournalEntry> j = t.journal(A, 1, 100);
      assertThat(j).extracting(JournalEntry::sequence).containsExactly(4L, 5L, 6L, 7L, 8L);
      assertThat(j.get(4).balance()).isEqualTo(t.balance(A));
      assertThat(t.journal(A, 7, 100)).extracting(JournalEntry::sequence).containsExactly(7L, 8L);
    }
  }

  @Test
  @DisplayName("the journal drops entries older than journalAge")
  void journalAgeRetention() {
    try (InMemoryBalanceTracker t =
        tracker(Retention.unboundedJournal().withJournalAge(Duration.ofMinutes(1)))) {
      for (int i = 0; i < 3; i++) {
        t.fulfill(A, 1, BalanceSettings.NONE);
      }
      clock.advance(Duration.ofSeconds(30));
      t.fulfill(A, 1, BalanceSettings.NONE);
      t.fulfill(A, 1, BalanceSettings.NONE);
      assertThat(t.journal(A, 1, 100)).hasSize(5);
      clock.advance(Duration.ofSeconds(31));
      assertThat(t.journal(A, 1, 100)).extracting(JournalEntry::sequence).containsExactly(4L, 5L);
      clock.advance(Duration.ofMinutes(5));
      assertThat(t.journal(A, 1, 100)).isEmpty();
      t.fulfill(A, 1, BalanceSettings.NONE);
      assertThat(t.journal(A, 1, 100)).extracting(JournalEntry::sequence).containsExactly(6L);
    }
  }

  @Test
  @DisplayName("the builder defaults to Retention.defaults() and refuses nulls")
  void builder() {
    try (InMemoryBalanceTracker t = InMemoryBalanceTracker.configure().start()) {
      assertThat(t.retention()).isEqualTo(Retention.defaults());
    }
    assertThatThrownBy(() -> InMemoryBalanceTracker.configure().clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("clock");
    assertThatThrownBy(() -> InMemoryBalanceTracker.configure().retention(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("retention");
  }

  @Test
  @DisplayName("Retention validates its limits and names the bad value")
  void retentionValidation() {
    assertThat(Retention.defaults()).isEqualTo(new Retention(Duration.ofHours(24), null, 10_000));
    assertThat(Retention.unboundedJournal().journalEntries()).isZero();
    assertThatThrownBy(() -> Retention.defaults().withOperations(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
    assertThatThrownBy(() -> Retention.defaults().withJournalAge(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-1S");
    assertThatThrownBy(() -> Retention.defaults().withJournalEntries(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> Retention.defaults().withOperations(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  @DisplayName(
      "PrepareRequest: an expiry needs an id and is kept to the millisecond; Hold parts must sum")
  void valueTypes() {
    assertThatThrownBy(() -> PrepareRequest.of(A, 1).expiringAt(T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs an operation id");
    PrepareRequest r =
        PrepareRequest.of(A, 1).withId(OperationId.of("x")).expiringAt(T0.plusNanos(1_999_999));
    assertThat(r.expiresAt()).isEqualTo(T0.plusMillis(1));
    assertThat(r.sameRequestAs(r.expiringAt(T0.plusSeconds(5)))).isTrue();
    assertThat(r.sameRequestAs(r.withMinBalance(0L))).isFalse();
    assertThatThrownBy(
            () -> new Hold(A, OperationId.of("x"), 5, 2, 2, T0, null, HoldState.HELD, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amount 5");
    assertThat(HoldState.REJECTED.released()).isTrue();
    assertThat(HoldState.EXPIRED.released()).isTrue();
    assertThat(HoldState.COMMITTED.released()).isFalse();
    assertThat(HoldRef.of(A, OperationId.of("x")).toString()).isEqualTo("alice/x");
  }

  /** A clock a test moves by hand. */
  private static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void set(Instant instant) {
      now.set(instant);
    }

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
