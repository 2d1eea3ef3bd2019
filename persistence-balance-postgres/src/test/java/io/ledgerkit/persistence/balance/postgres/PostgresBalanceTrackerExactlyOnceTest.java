package io.ledgerkit.persistence.balance.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
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
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.balance.UnknownHoldException;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Exactly-once tracking on PostgreSQL against the in-memory reference tracker: the same random
 * script of identified and unidentified operations (replays, conflicts, holds committed, rejected
 * and expired, batches with repeated ids, settlements) runs on both, and every answer, balance,
 * hold and journal must agree (times aside, which are each store's own clock). Then the time-bound
 * parts the script cannot share with a memory clock: expiry by the server's clock, and retention.
 */
class PostgresBalanceTrackerExactlyOnceTest {

  @RegisterExtension static final TestDatabaseExtension DB = TestDatabaseExtension.postgres();

  private static PostgresBalanceTracker tracker(TestDatabase db) {
    return PostgresBalanceTracker.configure()
        .url(db.jdbcUrl(), db.user(), db.password())
        .runMigration(true)
        .start();
  }

  @Test
  void randomScriptAgreesWithTheReference(TestDatabase db) {
    try (PostgresBalanceTracker pg = tracker(db);
        InMemoryBalanceTracker mem =
            InMemoryBalanceTracker.configure().retention(Retention.unboundedJournal()).start()) {
      runScript(pg, mem, 1, 600);
    }
  }

  @Test
  void randomScriptAgreesWithTheReferenceAutoBatched(TestDatabase db) {
    try (BalanceTracker pg = AutoBatchingBalanceTracker.configure(tracker(db)).start();
        InMemoryBalanceTracker mem =
            InMemoryBalanceTracker.configure().retention(Retention.unboundedJournal()).start()) {
      runScript(pg, mem, 2, 300);
    }
  }

  private static void runScript(BalanceTracker pg, BalanceTracker mem, long seed, int steps) {
    Random rnd = new Random(seed);
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<AccountId> accounts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      accounts.add(AccountId.of("eo-" + i + "-" + run));
    }
    List<OperationId> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add(OperationId.of("op-" + i));
    }
    Instant past = Instant.now().minus(Duration.ofHours(1));
    Instant future = Instant.now().plus(Duration.ofHours(1));
    List<PrepareResult[]> results = new ArrayList<>(); // {pg, mem}
    List<PendingSettlement[]> pending = new ArrayList<>();
    for (AccountId a : accounts) {
      same(
          "seed",
          pg.incomingSettlement("seed-" + a, a, 500),
          mem.incomingSettlement("seed-" + a, a, 500));
    }
    for (int step = 0; step < steps; step++) {
      AccountId a = accounts.get(rnd.nextInt(accounts.size()));
      OperationId id = rnd.nextInt(5) == 0 ? null : ids.get(rnd.nextInt(ids.size()));
      String what = "step " + step;
      switch (rnd.nextInt(12)) {
        case 0, 1, 2 -> {
          PrepareRequest r = prepareRequest(rnd, a, id, past, future);
          Object p = call(() -> pg.prepare(r));
          Object m = call(() -> mem.prepare(r));
          same(what + " prepare " + r, p, m);
          if (p instanceof PrepareResult pr && m instanceof PrepareResult mr) {
            results.add(new PrepareResult[] {pr, mr});
          }
        }
        case 3, 4 -> {
          FulfillRequest r = fulfillRequest(rnd, a, id);
          Object p = call(() -> pg.fulfill(r));
          Object m = call(() -> mem.fulfill(r));
          same(what + " fulfill " + r, p, m);
          if (p instanceof FulfillResult pf && pf.settlement() != null && !pf.replayed()) {
            pending.add(
                new PendingSettlement[] {pf.settlement(), ((FulfillResult) m).settlement()});
          }
        }
        case 5 -> {
          HoldRef ref = new HoldRef(a, ids.get(rnd.nextInt(ids.size())));
          same(what + " commit " + ref, call(() -> pg.commit(ref)), call(() -> mem.commit(ref)));
        }
        case 6 -> {
          HoldRef ref = new HoldRef(a, ids.get(rnd.nextInt(ids.size())));
          same(what + " reject " + ref, call(() -> pg.reject(ref)), call(() -> mem.reject(ref)));
        }
        case 7 -> {
          if (!results.isEmpty()) {
            PrepareResult[] r = results.get(rnd.nextInt(results.size()));
            same(
                what + " reject result " + r[0],
                call(() -> pg.reject(r[0])),
                call(() -> mem.reject(r[1])));
          }
        }
        case 8 -> {
          List<HoldRef> refs = new ArrayList<>();
          for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
            refs.add(new HoldRef(accounts.get(rnd.nextInt(3)), ids.get(rnd.nextInt(ids.size()))));
          }
          if (rnd.nextBoolean()) {
            same(what + " commitHolds " + refs, pg.commitHolds(refs), mem.commitHolds(refs));
          } else {
            same(what + " rejectHolds " + refs, pg.rejectHolds(refs), mem.rejectHolds(refs));
          }
        }
        case 9 -> {
          List<PrepareRequest> rs = new ArrayList<>();
          OperationId repeated = ids.get(rnd.nextInt(ids.size()));
          for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
            rs.add(
                prepareRequest(
                    rnd,
                    accounts.get(rnd.nextInt(3)),
                    rnd.nextBoolean() ? repeated : id,
                    past,
                    future));
          }
          same(what + " prepareAll " + rs, pg.prepareAll(rs), mem.prepareAll(rs));
        }
        case 10 -> {
          List<FulfillRequest> rs = new ArrayList<>();
          OperationId repeated = ids.get(rnd.nextInt(ids.size()));
          for (int i = 0; i < 1 + rnd.nextInt(4); i++) {
            FulfillRequest r = fulfillRequest(rnd, a, rnd.nextBoolean() ? repeated : id);
            rs.add(new FulfillRequest(r.account(), r.amount(), BalanceSettings.NONE, r.id()));
          }
          same(what + " fulfillAll " + rs, pg.fulfillAll(rs), mem.fulfillAll(rs));
        }
        default -> {
          if (!pending.isEmpty() && rnd.nextBoolean()) {
            PendingSettlement[] s = pending.get(rnd.nextInt(pending.size()));
            boolean ok = rnd.nextBoolean();
            Object p =
                call(() -> ok ? pg.settlementSucceeded(s[0].id()) : pg.settlementFailed(s[0].id()));
            Object m =
                call(
                    () ->
                        ok ? mem.settlementSucceeded(s[1].id()) : mem.settlementFailed(s[1].id()));
            same(what + " close " + ok, p, m);
          } else {
            int limit = 1 + rnd.nextInt(3);
            same(what + " expireHolds", pg.expireHolds(limit), mem.expireHolds(limit));
          }
        }
      }
    }
    for (AccountId a : accounts) {
      same("balance " + a, pg.balance(a), mem.balance(a));
      same("holds " + a, pg.holds(a), mem.holds(a));
      List<JournalEntry> pj = pg.journal(a, 1, 100_000);
      List<JournalEntry> mj = mem.journal(a, 1, 100_000);
      same("journal " + a, pj, mj);
      assertThat(pj.get(0).sequence()).isEqualTo(1);
      long c = 0;
      long p = 0;
      for (int i = 0; i < pj.size(); i++) {
        assertThat(pj.get(i).sequence()).isEqualTo(i + 1);
        c += pj.get(i).clearingDelta();
        p += pj.get(i).prepaidDelta();
      }
      assertThat(new AccountBalance(a, c, p)).as("journal sum of %s", a).isEqualTo(pg.balance(a));
      same("journal page " + a, pg.journal(a, 3, 5), mem.journal(a, 3, 5));
      for (OperationId id : ids) {
        HoldRef ref = new HoldRef(a, id);
        same("hold " + ref, pg.hold(ref), mem.hold(ref));
      }
    }
    // Every held hold exactly once through the pages.
    List<Hold> paged = new ArrayList<>();
    String cursor = null;
    do {
      HoldPage page = pg.holds(cursor, 2);
      paged.addAll(page.holds());
      cursor = page.next();
    } while (cursor != null);
    List<Hold> all = new ArrayList<>();
    for (AccountId a : accounts) {
      all.addAll(pg.holds(a));
    }
    assertThat(paged).containsExactlyInAnyOrderElementsOf(all);
  }

  private static PrepareRequest prepareRequest(
      Random rnd, AccountId a, OperationId id, Instant past, Instant future) {
    long amount = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(300);
    Long min = rnd.nextInt(3) == 0 ? null : (long) (rnd.nextInt(3) - 1) * 200;
    PrepareRequest r = new PrepareRequest(a, amount, min);
    if (id != null) {
      r = r.withId(id);
      int e = rnd.nextInt(6);
      if (e == 0) {
        r = r.expiringAt(past);
      } else if (e < 3) {
        r = r.expiringAt(future.plusMillis(rnd.nextInt(1000)));
      }
    }
    return r;
  }

  private static FulfillRequest fulfillRequest(Random rnd, AccountId a, OperationId id) {
    long amount = rnd.nextInt(200);
    BalanceSettings s =
        rnd.nextInt(4) == 0 ? BalanceSettings.settleAt(600, 100) : BalanceSettings.NONE;
    FulfillRequest r = new FulfillRequest(a, amount, s);
    return id == null ? r : r.withId(id);
  }

  private static Object call(java.util.function.Supplier<Object> s) {
    try {
      return s.get();
    } catch (RuntimeException e) {
      return e;
    }
  }

  /** Compares two answers with the stores' times and random settlement ids taken out. */
  private static void same(String what, Object pg, Object mem) {
    assertThat(normal(pg)).as(what + " (pg: %s, memory: %s)", pg, mem).isEqualTo(normal(mem));
  }

  private static Object normal(Object o) {
    if (o instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object x : l) {
        out.add(normal(x));
      }
      return out;
    }
    if (o instanceof java.util.Optional<?> opt) {
      return opt.map(PostgresBalanceTrackerExactlyOnceTest::normal);
    }
    if (o instanceof Outcome<?> out) {
      return out.isSuccess() ? normal(out.get()) : normal(((Outcome.Failure<?>) out).error());
    }
    if (o instanceof Hold h) {
      return List.of(
          h.account(),
          h.id(),
          h.amount(),
          h.fromPrepaid(),
          h.fromClearing(),
          Objects.toString(h.expiresAt()),
          h.state(),
          h.resolvedAt() == null);
    }
    if (o instanceof HoldResult r) {
      return List.of(normal(r.hold()), r.balance(), r.replayed());
    }
    if (o instanceof FulfillResult f) {
      return List.of(
          f.balance(),
          f.settlement() == null ? 0 : f.settlement().amount(),
          Objects.toString(f.id()),
          f.replayed());
    }
    if (o instanceof PendingSettlement s) {
      return List.of(s.account(), s.amount());
    }
    if (o instanceof io.ledgerkit.persistence.balance.SettlementOutcome s) {
      return List.of(normal(s.settlement()), s.status());
    }
    if (o instanceof JournalEntry e) {
      String ref =
          e.kind().name().startsWith("SETTLEMENT_")
              ? "settlement"
              : Objects.toString(e.reference());
      return List.of(
          e.account(),
          e.sequence(),
          e.kind(),
          ref,
          e.clearingDelta(),
          e.prepaidDelta(),
          e.balance());
    }
    if (o instanceof HoldExpiredException e) {
      return List.of(
          e.getClass(), e.ref(), Objects.toString(e.hold() == null ? null : normal(e.hold())));
    }
    if (o instanceof RuntimeException e) {
      String m = Objects.toString(e.getMessage());
      // messages naming a time (resolved at ...) differ by clock only
      return List.of(
          e.getClass(),
          m.replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>")
              .replaceAll(
                  "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>"));
    }
    return o;
  }

  @Test
  void expiryIsJudgedByTheServersClock(TestDatabase db) throws Exception {
    AccountId a = AccountId.of("exp-" + UUID.randomUUID());
    try (PostgresBalanceTracker t = tracker(db)) {
      t.incomingSettlement("exp-seed-" + a, a, 100);
      Instant soon = Instant.now().plusMillis(600);
      PrepareResult p1 =
          t.prepare(PrepareRequest.of(a, 30).withId(OperationId.of("p1")).expiringAt(soon));
      PrepareResult p2 =
          t.prepare(PrepareRequest.of(a, 20).withId(OperationId.of("p2")).expiringAt(soon));
      PrepareResult p3 =
          t.prepare(PrepareRequest.of(a, 10).withId(OperationId.of("p3")).expiringAt(soon));
      assertThat(t.holds(a))
          .extracting(Hold::id)
          .extracting(OperationId::value)
          .containsExactly("p1", "p2", "p3");
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, 0, 40));
      // not yet expired: the expiry releases nothing, a commit succeeds
      assertThat(t.expireHolds(10)).isEmpty();
      HoldResult c3 = t.commit(p3.hold().orElseThrow());
      assertThat(c3.hold().state()).isEqualTo(HoldState.COMMITTED);
      Thread.sleep(900);
      Throwable e = catchThrowable(() -> t.commit(p1.hold().orElseThrow()));
      assertThat(e).isInstanceOf(HoldExpiredException.class).hasMessageContaining("expired at");
      assertThat(((HoldExpiredException) e).hold().state()).isEqualTo(HoldState.EXPIRED);
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, 0, 70));
      // a second commit: still expired, nothing given back twice
      assertThatThrownBy(() -> t.commit(p1.hold().orElseThrow()))
          .isInstanceOf(HoldExpiredException.class);
      assertThat(t.reject(p1.hold().orElseThrow()).replayed()).isTrue();
      List<Hold> expired = t.expireHolds(10);
      assertThat(expired).extracting(h -> h.id().value()).containsExactly("p2");
      assertThat(expired.get(0).state()).isEqualTo(HoldState.EXPIRED);
      assertThat(t.expireHolds(10)).isEmpty();
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, 0, 90));
      assertThat(t.holds(a)).isEmpty();
      assertThat(t.journal(a, 1, 100))
          .extracting(JournalEntry::kind)
          .containsExactly(
              JournalKind.INCOMING_SETTLEMENT,
              JournalKind.PREPARE,
              JournalKind.PREPARE,
              JournalKind.PREPARE,
              JournalKind.COMMIT,
              JournalKind.EXPIRY,
              JournalKind.EXPIRY);
      // a prepare whose expiry has passed by the server's clock makes no hold
      Throwable late =
          catchThrowable(
              () ->
                  t.prepare(
                      PrepareRequest.of(a, 1)
                          .withId(OperationId.of("late"))
                          .expiringAt(Instant.now().minusSeconds(1))));
      assertThat(late).isInstanceOf(HoldExpiredException.class);
      assertThat(((HoldExpiredException) late).hold()).isNull();
      assertThat(t.hold(new HoldRef(a, OperationId.of("late")))).isEmpty();
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, 0, 90));
      // unknown holds and malformed cursors
      assertThatThrownBy(
              () -> t.commit(new HoldRef(AccountId.of("nobody-" + a), OperationId.of("x"))))
          .isInstanceOf(UnknownHoldException.class);
      assertThatThrownBy(() -> t.holds("not-a-cursor", 5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not-a-cursor");
    }
  }

  @Test
  void concurrentExpiryReleasesEachHoldOnce(TestDatabase db) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    try (PostgresBalanceTracker t = tracker(db)) {
      List<AccountId> accounts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        accounts.add(AccountId.of("cx-" + i + "-" + run));
      }
      Instant past = Instant.now().plusMillis(300);
      List<PrepareRequest> rs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        rs.add(
            PrepareRequest.of(accounts.get(i % 4), 1)
                .withId(OperationId.of("h" + i))
                .expiringAt(past));
      }
      for (int i = 0; i < rs.size(); i += 50) {
        assertThat(t.prepareAll(rs.subList(i, i + 50))).allMatch(Outcome::isSuccess);
      }
      Thread.sleep(500);
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(4);
      try {
        List<java.util.concurrent.Future<List<Hold>>> fs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          fs.add(
              pool.submit(
                  () -> {
                    List<Hold> mine = new ArrayList<>();
                    while (true) {
                      List<Hold> got = t.expireHolds(7);
                      if (got.isEmpty()) {
                        return mine;
                      }
                      mine.addAll(got);
                    }
                  }));
        }
        Set<HoldRef> seen = new HashSet<>();
        int total = 0;
        for (var f : fs) {
          for (Hold h : f.get()) {
            total++;
            seen.add(h.ref());
          }
        }
        assertThat(total).isEqualTo(200);
        assertThat(seen).hasSize(200);
      } finally {
        pool.shutdownNow();
      }
      for (AccountId a : accounts) {
        assertThat(t.balance(a)).isEqualTo(AccountBalance.zero(a));
        assertThat(t.journal(a, 1, 1000)).hasSize(100);
      }
    }
  }

  @Test
  void trimRetentionDeletesOnlyWhatTheRetentionNoLongerKeeps(TestDatabase db) throws Exception {
    AccountId a = AccountId.of("trim-" + UUID.randomUUID());
    try (PostgresBalanceTracker setup = tracker(db)) {
      setup.incomingSettlement("trim-seed-" + a, a, 100);
      setup.prepare(PrepareRequest.of(a, 5).withId(OperationId.of("kept-held")));
      PrepareResult done = setup.prepare(PrepareRequest.of(a, 5).withId(OperationId.of("done")));
      setup.commit(done.hold().orElseThrow());
      setup.fulfill(FulfillRequest.of(a, 3).withId(OperationId.of("f")));
      for (int i = 0; i < 10; i++) {
        setup.fulfill(FulfillRequest.of(a, 1));
      }
      // nothing is old enough for the default retention
      assertThat(setup.trimRetention()).isEqualTo(new PostgresBalanceTracker.Trimmed(0, 0));
    }
    // age the resolved records by a day and a bit, as the server's clock will
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE balance_operations SET resolved_at = resolved_at - 90000000 WHERE account_id = '"
              + a.value()
              + "'");
    }
    try (PostgresBalanceTracker t =
        PostgresBalanceTracker.configure()
            .url(db.jdbcUrl(), db.user(), db.password())
            .retention(Retention.unboundedJournal().withJournalEntries(5))
            .start()) {
      long before = t.journal(a, 1, 1000).size();
      assertThat(before).isEqualTo(15);
      PostgresBalanceTracker.Trimmed trimmed = t.trimRetention();
      assertThat(trimmed).isEqualTo(new PostgresBalanceTracker.Trimmed(2, 10));
      assertThat(t.journal(a, 1, 1000))
          .extracting(JournalEntry::sequence)
          .containsExactly(11L, 12L, 13L, 14L, 15L);
      assertThat(t.holds(a)).extracting(h -> h.id().value()).containsExactly("kept-held");
      assertThat(t.hold(new HoldRef(a, OperationId.of("done")))).isEmpty();
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, 13, 90));
      // the held hold still answers as a replay
      assertThat(t.prepare(PrepareRequest.of(a, 5).withId(OperationId.of("kept-held"))).replayed())
          .isTrue();
      assertThat(t.trimRetention()).isEqualTo(new PostgresBalanceTracker.Trimmed(0, 0));
      assertThatThrownBy(() -> t.commit(new HoldRef(a, OperationId.of("done"))))
          .isInstanceOf(UnknownHoldException.class);
      assertThatThrownBy(() -> t.reject(new HoldRef(a, OperationId.of("f"))))
          .isInstanceOf(UnknownHoldException.class);
    }
  }

  @Test
  void conflictsNameBothSides(TestDatabase db) {
    AccountId a = AccountId.of("cf-" + UUID.randomUUID());
    try (PostgresBalanceTracker t = tracker(db)) {
      OperationId id = OperationId.of("pkt-1");
      PrepareResult p = t.prepare(PrepareRequest.of(a, 10).withId(id));
      assertThatThrownBy(() -> t.prepare(PrepareRequest.of(a, 11).withId(id)))
          .isInstanceOf(OperationConflictException.class)
          .hasMessageContaining("a prepare of 10")
          .hasMessageContaining("a prepare of 11");
      assertThatThrownBy(() -> t.fulfill(FulfillRequest.of(a, 10).withId(id)))
          .isInstanceOf(OperationConflictException.class);
      t.commit(p.hold().orElseThrow());
      assertThatThrownBy(() -> t.reject(p))
          .isInstanceOf(OperationConflictException.class)
          .hasMessageContaining("committed");
      assertThat(t.balance(a)).isEqualTo(new AccountBalance(a, -10, 0));
    }
  }

  @SuppressWarnings("unused")
  private static <T> Function<T, T> id() {
    return x -> x;
  }
}
