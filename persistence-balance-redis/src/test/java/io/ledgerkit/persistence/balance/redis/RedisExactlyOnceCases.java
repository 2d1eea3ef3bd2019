package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldExpiredException;
import io.ledgerkit.persistence.balance.HoldPage;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.HoldState;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.JournalKind;
import io.ledgerkit.persistence.balance.OperationConflictException;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.balance.UnknownHoldException;
import io.ledgerkit.persistence.testkit.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once tracking on Redis, case by case against the in-memory reference tracker: the same
 * calls give equal results and exceptions (store times aside), and the journals agree.
 */
abstract class RedisExactlyOnceCases {
  private RedisBalanceTracker redis;
  private InMemoryBalanceTracker memory;

  protected abstract TestRedis server();

  protected RedisBalanceTracker open(Retention retention) {
    TestRedis r = server();
    return RedisBalanceTracker.configure()
        .url(RedisTrackers.url(r))
        .keyPrefix(r.keyPrefix() + UUID.randomUUID() + ":")
        .retention(retention)
        .start();
  }

  @BeforeEach
  void open() {
    redis = open(Retention.defaults());
    memory = InMemoryBalanceTracker.configure().start();
  }

  @AfterEach
  void close() {
    redis.close();
  }

  private static AccountId account(String name) {
    return AccountId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8));
  }

  /** Runs a call on both trackers: equal results (times aside), or exceptions of one type. */
  private <T> T both(Function<BalanceTracker, T> call) {
    Object m;
    Object r;
    try {
      m = call.apply(memory);
    } catch (RuntimeException e) {
      m = e;
    }
    try {
      r = call.apply(redis);
    } catch (RuntimeException e) {
      r = e;
    }
    if (m instanceof RuntimeException me) {
      assertThat(r).as("Redis, where memory threw %s", me).isInstanceOf(me.getClass());
      assertThat(timeless(((RuntimeException) r).getMessage()))
          .as("the message")
          .isEqualTo(timeless(me.getMessage()))
          .isNotNull();
      throw (RuntimeException) r;
    }
    if (r instanceof RuntimeException re) {
      throw new AssertionError("Redis threw where memory returned " + m, re);
    }
    assertThat(timeless(r)).as("Redis result").isEqualTo(timeless(m));
    @SuppressWarnings("unchecked")
    T t = (T) r;
    return t;
  }

  /** Equal apart from store times (messages with times are compared from the right tracker). */
  private static Object timeless(Object o) {
    if (o instanceof String s) {
      return s.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>");
    }
    if (o instanceof Hold h) {
      return new Hold(
          h.account(),
          h.id(),
          h.amount(),
          h.fromPrepaid(),
          h.fromClearing(),
          Instant.EPOCH,
          h.expiresAt(),
          h.state(),
          h.resolvedAt() == null ? null : Instant.EPOCH);
    }
    if (o instanceof HoldResult r) {
      return new HoldResult((Hold) timeless(r.hold()), r.balance(), r.replayed());
    }
    if (o instanceof JournalEntry e) {
      return new JournalEntry(
          e.account(),
          e.sequence(),
          e.kind(),
          e.reference() != null && e.kind().name().startsWith("SETTLEMENT") ? "<s>" : e.reference(),
          e.clearingDelta(),
          e.prepaidDelta(),
          e.balance(),
          Instant.EPOCH);
    }
    if (o instanceof FulfillResult f) {
      return new FulfillResult(
          f.balance(),
          f.settlement() == null
              ? null
              : new io.ledgerkit.persistence.balance.PendingSettlement(
                  new io.ledgerkit.persistence.balance.SettlementId(
                      f.balance().account(), new UUID(0, 0)),
                  f.settlement().account(),
                  f.settlement().amount()),
          f.id(),
          f.replayed());
    }
    if (o instanceof Outcome<?> out) {
      return out.isSuccess()
          ? List.of("ok", timeless(out.get()))
          : List.of(
              "failed",
              ((Outcome.Failure<?>) out).error().getClass(),
              timeless(((Outcome.Failure<?>) out).error().getMessage()));
    }
    if (o instanceof List<?> l) {
      return l.stream().map(RedisExactlyOnceCases::timeless).toList();
    }
    if (o instanceof java.util.Optional<?> opt) {
      return opt.map(RedisExactlyOnceCases::timeless);
    }
    return o;
  }

  private void sameJournal(AccountId a) {
    List<JournalEntry> r = redis.journal(a, 1, 1000);
    assertThat(timeless(r)).as("journal of " + a).isEqualTo(timeless(memory.journal(a, 1, 1000)));
    AccountBalance b = redis.balance(a);
    long c = 0;
    long p = 0;
    for (int i = 0; i < r.size(); i++) {
      assertThat(r.get(i).sequence()).isEqualTo(i + 1);
      c += r.get(i).clearingDelta();
      p += r.get(i).prepaidDelta();
    }
    assertThat(new AccountBalance(a, c, p)).as("journal sum of " + a).isEqualTo(b);
  }

  private static PrepareRequest prep(AccountId a, long amount, String id) {
    return PrepareRequest.of(a, amount).withId(OperationId.of(id));
  }

  @Test
  @DisplayName("an identified prepare is a hold; a repeat is a replay; conflicts change nothing")
  void prepareReplayAndConflicts() {
    AccountId a = account("eo-prep");
    both(t -> t.incomingSettlement("in-" + a, a, 30));
    both(t -> t.prepare(prep(a, 50, "p1")));
    PrepareResult replay = both(t -> t.prepare(prep(a, 50, "p1")));
    assertThat(replay.replayed()).isTrue();
    assertThat(replay.fromPrepaid()).isEqualTo(30);
    assertThatThrownBy(() -> both(t -> t.prepare(prep(a, 51, "p1"))))
        .isInstanceOf(OperationConflictException.class);
    assertThatThrownBy(() -> both(t -> t.prepare(prep(a, 50, "p1").withMinBalance(-10L))))
        .isInstanceOf(OperationConflictException.class);
    assertThatThrownBy(
            () -> both(t -> t.fulfill(FulfillRequest.of(a, 50).withId(OperationId.of("p1")))))
        .isInstanceOf(OperationConflictException.class);
    assertThatThrownBy(() -> both(t -> t.prepare(prep(a, 500, "p2").withMinBalance(-100L))))
        .isInstanceOf(io.ledgerkit.persistence.balance.InsufficientBalanceException.class);
    both(t -> t.prepare(prep(a, 5, "p2").withMinBalance(-100L))); // a refusal recorded nothing
    Throwable expired =
        catchThrowable(
            () -> both(t -> t.prepare(prep(a, 5, "p3").expiringAt(Instant.now().minusSeconds(1)))));
    assertThat(expired).isInstanceOf(HoldExpiredException.class);
    assertThat(((HoldExpiredException) expired).hold()).isNull();
    both(t -> t.hold(HoldRef.of(a, OperationId.of("p1"))));
    both(t -> t.hold(HoldRef.of(a, OperationId.of("p3"))));
    both(t -> t.holds(a));
    both(t -> t.balance(a));
    sameJournal(a);
  }

  @Test
  @DisplayName("commit and reject of holds: once, replays, conflicts naming both, unknown holds")
  void commitAndReject() {
    AccountId a = account("eo-res");
    both(t -> t.fulfill(FulfillRequest.of(a, 100)));
    PrepareResult p1 = both(t -> t.prepare(prep(a, 10, "h1")));
    both(t -> t.prepare(prep(a, 20, "h2")));
    both(t -> t.prepare(PrepareRequest.of(a, 7)));
    HoldRef h1 = p1.hold().orElseThrow();
    HoldRef h2 = HoldRef.of(a, OperationId.of("h2"));
    HoldResult c = both(t -> t.commit(h1));
    assertThat(c.hold().state()).isEqualTo(HoldState.COMMITTED);
    assertThat(both(t -> t.commit(h1)).replayed()).isTrue();
    assertThatThrownBy(() -> both(t -> t.reject(h1)))
        .isInstanceOf(OperationConflictException.class);
    assertThatThrownBy(() -> both(t -> t.reject(p1)))
        .isInstanceOf(OperationConflictException.class);
    both(t -> t.reject(h2));
    assertThat(both(t -> t.reject(h2)).replayed()).isTrue();
    assertThatThrownBy(() -> both(t -> t.commit(h2)))
        .isInstanceOf(OperationConflictException.class);
    assertThatThrownBy(() -> both(t -> t.commit(HoldRef.of(a, OperationId.of("nope")))))
        .isInstanceOf(UnknownHoldException.class);
    both(t -> t.fulfill(FulfillRequest.of(a, 3).withId(OperationId.of("f1"))));
    assertThatThrownBy(() -> both(t -> t.commit(HoldRef.of(a, OperationId.of("f1")))))
        .isInstanceOf(OperationConflictException.class);
    // reject(PrepareResult) of an identified prepare: the split back once
    PrepareResult p3 = both(t -> t.prepare(prep(a, 30, "h3")));
    AccountBalance once = both(t -> t.reject(p3));
    AccountBalance twice = both(t -> t.reject(p3));
    assertThat(twice).isEqualTo(once);
    PrepareResult wrong = new PrepareResult(a, 31, 0, 31, p3.balance(), p3.id(), null, false);
    assertThatThrownBy(() -> both(t -> t.reject(wrong)))
        .isInstanceOf(OperationConflictException.class);
    both(t -> t.hold(h1));
    both(t -> t.hold(h2));
    both(t -> t.holds(a));
    sameJournal(a);
  }

  @Test
  @DisplayName("a commit past the hold's expiry releases it once and is refused as expired")
  void commitPastExpiry() throws Exception {
    AccountId a = account("eo-exp");
    both(t -> t.incomingSettlement("in-" + a, a, 5));
    Instant soon = Instant.now().plusMillis(300);
    PrepareResult p = both(t -> t.prepare(prep(a, 12, "x1").expiringAt(soon)));
    Thread.sleep(500);
    HoldRef ref = p.hold().orElseThrow();
    Throwable e = catchThrowable(() -> both(t -> t.commit(ref)));
    assertThat(e).isInstanceOf(HoldExpiredException.class);
    assertThat(((HoldExpiredException) e).hold().state()).isEqualTo(HoldState.EXPIRED);
    assertThatThrownBy(() -> both(t -> t.commit(ref))).isInstanceOf(HoldExpiredException.class);
    HoldResult r = both(t -> t.reject(ref));
    assertThat(r.replayed()).isTrue();
    assertThat(r.hold().state()).isEqualTo(HoldState.EXPIRED);
    both(t -> t.balance(a));
    sameJournal(a);
  }

  @Test
  @DisplayName("identified fulfills: a repeat returns the same settlement, never a second one")
  void fulfillReplay() {
    AccountId a = account("eo-ful");
    FulfillRequest f =
        new FulfillRequest(a, 150, BalanceSettings.settleAt(100, 10)).withId(OperationId.of("f"));
    FulfillResult first = both(t -> t.fulfill(f));
    FulfillResult again = redis.fulfill(f);
    assertThat(again.replayed()).isTrue();
    assertThat(again.settlement()).isEqualTo(first.settlement());
    assertThat(memory.fulfill(f).replayed()).isTrue();
    assertThat(redis.pendingSettlements(a)).hasSize(1);
    assertThatThrownBy(
            () ->
                both(
                    t ->
                        t.fulfill(
                            new FulfillRequest(a, 151, BalanceSettings.NONE)
                                .withId(OperationId.of("f")))))
        .isInstanceOf(OperationConflictException.class);
    assertThatThrownBy(() -> both(t -> t.prepare(prep(a, 1, "f"))))
        .isInstanceOf(OperationConflictException.class);
    redis.settlementFailed(first.settlement().id());
    memory.settlementFailed(
        memory.pendingSettlements(a).get(0).id()); // the memory tracker's own settlement id
    both(t -> t.balance(a));
    sameJournal(a);
  }

  @Test
  @DisplayName("batches: a repeated id in one batch is a replay; commit/reject holds per item")
  void batches() {
    AccountId a = account("eo-bat");
    AccountId b = account("eo-bat");
    both(t -> t.fulfillAll(List.of(FulfillRequest.of(a, 100), FulfillRequest.of(b, 100))));
    List<Outcome<PrepareResult>> p =
        both(
            t ->
                t.prepareAll(
                    List.of(
                        prep(a, 10, "b1"),
                        prep(b, 10, "b1"),
                        prep(a, 10, "b1"),
                        prep(a, 11, "b1"),
                        prep(b, 20, "b2"))));
    assertThat(p.get(2).get().replayed()).isTrue();
    HoldRef a1 = HoldRef.of(a, OperationId.of("b1"));
    HoldRef b1 = HoldRef.of(b, OperationId.of("b1"));
    HoldRef b2 = HoldRef.of(b, OperationId.of("b2"));
    HoldRef unknown = HoldRef.of(a, OperationId.of("zz"));
    both(t -> t.commitHolds(List.of(a1, b2, unknown, a1)));
    both(t -> t.rejectHolds(List.of(b1, a1, b2, b1)));
    both(t -> t.rejectAll(List.of(p.get(1).get(), p.get(0).get())));
    both(
        t ->
            t.fulfillAll(
                List.of(
                    FulfillRequest.of(a, 5).withId(OperationId.of("ff")),
                    FulfillRequest.of(a, 5).withId(OperationId.of("ff")))));
    both(t -> t.balance(a));
    both(t -> t.balance(b));
    sameJournal(a);
    sameJournal(b);
  }

  @Test
  @DisplayName(
      "holds of the whole store, in pages, each held hold exactly once; bad cursors refused")
  void holdsInPages() {
    Set<HoldRef> made = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      AccountId a = account("eo-pg" + i);
      redis.fulfill(FulfillRequest.of(a, 100));
      for (int j = 0; j < 1 + i % 3; j++) {
        PrepareResult p = redis.prepare(prep(a, 1, "h" + j));
        made.add(p.hold().orElseThrow());
      }
      if (i % 5 == 0) {
        redis.commit(HoldRef.of(a, OperationId.of("h0")));
        made.remove(HoldRef.of(a, OperationId.of("h0")));
      }
    }
    for (int size : new int[] {1, 7, 1000}) {
      List<HoldRef> seen = new ArrayList<>();
      String cursor = null;
      int pages = 0;
      do {
        HoldPage page = redis.holds(cursor, size);
        assertThat(page.holds().size()).isLessThanOrEqualTo(size);
        page.holds().forEach(h -> assertThat(h.state()).isEqualTo(HoldState.HELD));
        page.holds().forEach(h -> seen.add(h.ref()));
        cursor = page.next();
        pages++;
      } while (cursor != null);
      assertThat(seen).as("page size " + size).doesNotHaveDuplicates();
      assertThat(new HashSet<>(seen)).isEqualTo(made);
      assertThat(pages).isLessThanOrEqualTo(made.size() / size + 2);
    }
    for (String bad : List.of("", "x", "h1:99999:a/b", "h1:0:", "h1:-1:a/b", "h1:zz:a/b")) {
      assertThatThrownBy(() -> redis.holds(bad, 10))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  @DisplayName("expireHolds releases each due hold exactly once under concurrent callers")
  void expiryExactlyOnce() throws Exception {
    List<AccountId> accounts = new ArrayList<>();
    Instant soon = Instant.now().plusMillis(400);
    int holds = 0;
    for (int i = 0; i < 20; i++) {
      AccountId a = account("eo-ex" + i);
      accounts.add(a);
      redis.incomingSettlement("in-" + a, a, 3);
      for (int j = 0; j < 5; j++) {
        redis.prepare(prep(a, 2, "e" + j).expiringAt(soon));
        holds++;
      }
      redis.prepare(prep(a, 1, "later").expiringAt(soon.plusSeconds(3600)));
    }
    assertThat(redis.expireHolds(1000)).isEmpty();
    Thread.sleep(600);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    ConcurrentLinkedQueue<Hold> released = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      fs.add(
          pool.submit(
              () -> {
                go.await();
                List<Hold> got;
                do {
                  got = redis.expireHolds(7);
                  assertThat(got.size()).isLessThanOrEqualTo(7);
                  released.addAll(got);
                } while (!got.isEmpty());
                return null;
              }));
    }
    go.countDown();
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    assertThat(released).hasSize(holds);
    assertThat(released.stream().map(Hold::ref).distinct().count()).isEqualTo(holds);
    assertThat(released).allMatch(h -> h.state() == HoldState.EXPIRED);
    for (AccountId a : accounts) {
      // the later hold took 1 from clearing after the others had emptied prepaid
      assertThat(redis.balance(a)).isEqualTo(new AccountBalance(a, -1, 3));
      assertThat(redis.holds(a)).extracting(h -> h.id().value()).containsExactly("later");
      List<JournalEntry> j = redis.journal(a, 1, 100);
      assertThat(j.stream().filter(e -> e.kind() == JournalKind.EXPIRY)).hasSize(5);
    }
    assertThat(redis.expireHolds(100)).isEmpty();
  }

  @Test
  @DisplayName("retention: the journal keeps its last entries; resolved records go, held ones stay")
  void retention() throws Exception {
    try (RedisBalanceTracker t =
        open(Retention.defaults().withJournalEntries(3).withOperations(Duration.ofMillis(300)))) {
      AccountId a = account("eo-ret");
      t.fulfill(FulfillRequest.of(a, 100));
      t.prepare(prep(a, 1, "r1"));
      t.prepare(prep(a, 1, "r2"));
      t.commit(HoldRef.of(a, OperationId.of("r1")));
      t.fulfill(FulfillRequest.of(a, 1).withId(OperationId.of("f1")));
      List<JournalEntry> j = t.journal(a, 1, 10);
      assertThat(j).extracting(JournalEntry::sequence).containsExactly(3L, 4L, 5L);
      assertThat(t.journal(a, 4, 1)).extracting(JournalEntry::sequence).containsExactly(4L);
      Thread.sleep(500);
      assertThat(t.hold(HoldRef.of(a, OperationId.of("r1")))).isEmpty();
      assertThat(t.hold(HoldRef.of(a, OperationId.of("r2")))).isPresent();
      assertThatThrownBy(() -> t.commit(HoldRef.of(a, OperationId.of("r1"))))
          .isInstanceOf(UnknownHoldException.class);
      assertThat(t.fulfill(FulfillRequest.of(a, 1).withId(OperationId.of("f1"))).replayed())
          .isFalse();
    }
  }

  @Test
  @DisplayName("a random identified workload agrees with the reference tracker call by call")
  void randomAgainstReference() {
    Random rnd = new Random(13);
    List<AccountId> as = List.of(account("eo-r0"), account("eo-r1"), account("eo-r2"));
    for (int i = 0; i < 400; i++) {
      AccountId a = as.get(rnd.nextInt(as.size()));
      String id = "o" + rnd.nextInt(40);
      int op = rnd.nextInt(6);
      long amount = rnd.nextInt(20);
      try {
        switch (op) {
          case 0 -> both(t -> t.prepare(prep(a, amount, id).withMinBalance(-30L)));
          case 1 -> both(t -> t.fulfill(FulfillRequest.of(a, amount).withId(OperationId.of(id))));
          case 2 -> both(t -> t.commit(HoldRef.of(a, OperationId.of(id))));
          case 3 -> both(t -> t.reject(HoldRef.of(a, OperationId.of(id))));
          case 4 -> both(t -> t.prepare(PrepareRequest.of(a, amount)));
          default -> both(t -> t.hold(HoldRef.of(a, OperationId.of(id))));
        }
      } catch (io.ledgerkit.persistence.balance.BalanceException expected) {
        // both threw the same
      }
    }
    for (AccountId a : as) {
      both(t -> t.balance(a));
      both(t -> t.holds(a));
      sameJournal(a);
    }
  }
}
