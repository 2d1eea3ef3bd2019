package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.JournalKind;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.testkit.EmbeddedRedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/**
 * Issue 13, item 4: a concurrent run of prepares, commits, rejects and fulfills over a few hot
 * accounts against a Redis server of the test's own ({@code appendonly yes}, {@code appendfsync
 * always}) that is killed with SIGKILL and restarted on the same data directory and port, twice,
 * and stalled by a long script (so replies of applied commands time out), three times. Every call
 * that fails with {@link BalanceStoreUnavailableException} is retried the same way until it
 * answers. With operation ids the store then equals an independent model of the acknowledged calls
 * exactly; without them the same run applies some calls twice, which is what the ids are for (and
 * shows this test can fail).
 */
@DisplayName("Redis killed with SIGKILL and stalled in a concurrent run: exactly once with ids")
class RedisCrashExactlyOnceTest {
  private static final int WORKERS = 8;
  private static final int PACKETS = 300;
  private static final int ACCOUNTS = 3;
  private static final Duration GIVE_UP = Duration.ofSeconds(90);

  private static EmbeddedRedisServer server;

  @BeforeAll
  static void start() {
    server = EmbeddedRedisServer.startDurable();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** What a run saw. */
  record Run(
      String prefix,
      List<AccountId> accounts,
      long[] model,
      long acknowledged,
      long retries,
      long replays,
      long inDoubt,
      Map<String, Integer> expectedEntries) {}

  /** Retries a call on BalanceStoreUnavailableException until it answers (or GIVE_UP passes). */
  private static <T> T untilAnswered(Supplier<T> call, AtomicLong retries, AtomicLong inDoubt) {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (true) {
      try {
        return call.get();
      } catch (BalanceStoreUnavailableException e) {
        retries.incrementAndGet();
        if (System.nanoTime() > deadline) {
          inDoubt.incrementAndGet();
          return null;
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(ie);
        }
      }
    }
  }

  private Run run(boolean identified) throws Exception {
    String prefix = "crash-" + UUID.randomUUID() + ":";
    List<AccountId> accounts = new ArrayList<>();
    for (int i = 0; i < ACCOUNTS; i++) {
      accounts.add(AccountId.of("hot-" + i));
    }
    AtomicLongArray model = new AtomicLongArray(ACCOUNTS);
    AtomicLong retries = new AtomicLong();
    AtomicLong replays = new AtomicLong();
    AtomicLong inDoubt = new AtomicLong();
    AtomicLong acknowledged = new AtomicLong();
    AtomicInteger done = new AtomicInteger();
    Map<String, Integer> expected = new ConcurrentHashMap<>();
    try (RedisBalanceTracker tracker =
        RedisBalanceTracker.configure()
            .url(server.uri().toString())
            .keyPrefix(prefix)
            .connectTimeout(Duration.ofMillis(200))
            .socketTimeout(Duration.ofMillis(150))
            .retention(Retention.unboundedJournal())
            .start()) {
      ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < WORKERS; w++) {
        int worker = w;
        workers.add(
            pool.submit(
                () -> {
                  ThreadLocalRandom rnd = ThreadLocalRandom.current();
                  for (int p = 0; p < PACKETS; p++) {
                    int ai = rnd.nextInt(ACCOUNTS);
                    AccountId a = accounts.get(ai);
                    long amount = 1 + rnd.nextInt(100);
                    String id = "w" + worker + "-p" + p;
                    PrepareRequest req = PrepareRequest.of(a, amount);
                    PrepareRequest sent = identified ? req.withId(OperationId.of(id)) : req;
                    PrepareResult prepared =
                        untilAnswered(() -> tracker.prepare(sent), retries, inDoubt);
                    if (prepared == null) {
                      continue;
                    }
                    acknowledged.incrementAndGet();
                    replays.addAndGet(prepared.replayed() ? 1 : 0);
                    model.addAndGet(ai, -amount);
                    expected.merge("P " + id, 1, Integer::sum);
                    if (rnd.nextBoolean()) {
                      // the packet was fulfilled downstream: commit the hold
                      if (identified) {
                        HoldRef ref = prepared.hold().orElseThrow();
                        if (untilAnswered(() -> tracker.commit(ref), retries, inDoubt) != null) {
                          acknowledged.incrementAndGet();
                          expected.merge("C " + id, 1, Integer::sum);
                        }
                      }
                    } else if (untilAnswered(() -> tracker.reject(prepared), retries, inDoubt)
                        != null) {
                      acknowledged.incrementAndGet();
                      model.addAndGet(ai, amount);
                      expected.merge("R " + id, 1, Integer::sum);
                    }
                    if (rnd.nextInt(3) == 0) {
                      FulfillRequest f = FulfillRequest.of(a, amount);
                      FulfillRequest fs = identified ? f.withId(OperationId.of(id + "-f")) : f;
                      var r = untilAnswered(() -> tracker.fulfill(fs), retries, inDoubt);
                      if (r != null) {
                        acknowledged.incrementAndGet();
                        replays.addAndGet(r.replayed() ? 1 : 0);
                        model.addAndGet(ai, amount);
                        expected.merge("F " + id + "-f", 1, Integer::sum);
                      }
                    }
                    done.incrementAndGet();
                  }
                  return null;
                }));
      }
      int total = WORKERS * PACKETS;
      Future<?> faults =
          pool.submit(
              () -> {
                try (RedisClient raw = RedisClient.create(server.uri())) {
                  int[] at = {10, 25, 45, 60, 80};
                  for (int i = 0; i < at.length; i++) {
                    while (done.get() < total * at[i] / 100) {
                      Thread.sleep(1);
                    }
                    if (i % 2 == 0) {
                      // a stall: commands queued behind it run, but their replies time out
                      stall(raw);
                    } else {
                      server.kill();
                      Thread.sleep(300);
                      server.restart();
                    }
                  }
                }
                return null;
              });
      for (Future<?> f : workers) {
        f.get();
      }
      faults.get();
      pool.shutdown();
    }
    long[] m = new long[ACCOUNTS];
    for (int i = 0; i < ACCOUNTS; i++) {
      m[i] = model.get(i);
    }
    return new Run(
        prefix,
        accounts,
        m,
        acknowledged.get(),
        retries.get(),
        replays.get(),
        inDoubt.get(),
        new HashMap<>(expected));
  }

  /** Runs a script that keeps the server busy for 400 ms (after a restart, on a new connection). */
  private static void stall(RedisClient raw) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        raw.eval(
            "local s = redis.call('TIME') while true do local n = redis.call('TIME') if (n[1] -"
                + " s[1]) * 1000000 + n[2] - s[2] > 400000 then break end end return 1",
            List.of(),
            List.of());
        return;
      } catch (redis.clients.jedis.exceptions.JedisException e) {
        if (attempt == 20) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }

  /** Counts per account: the balance against the model, and each journal entry's operation. */
  private record Audit(long lost, long doubled, long deviation, boolean journalsSum) {}

  private static Audit audit(Run run) {
    long lost = 0;
    long doubled = 0;
    long deviation = 0;
    boolean sums = true;
    try (RedisBalanceTracker t =
        RedisBalanceTracker.configure()
            .url(server.uri().toString())
            .keyPrefix(run.prefix())
            .retention(Retention.unboundedJournal())
            .start()) {
      Map<String, Integer> seen = new HashMap<>();
      long entries = 0;
      for (int i = 0; i < ACCOUNTS; i++) {
        AccountId a = run.accounts().get(i);
        AccountBalance b = t.balance(a);
        deviation += Math.abs(b.netBalance() - run.model()[i]);
        long c = 0;
        long p = 0;
        long next = 1;
        while (true) {
          List<JournalEntry> page = t.journal(a, next, 1000);
          if (page.isEmpty()) {
            break;
          }
          for (JournalEntry e : page) {
            assertThat(e.sequence()).as("journal of %s without gaps", a).isEqualTo(next);
            next++;
            entries++;
            c += e.clearingDelta();
            p += e.prepaidDelta();
            String key = e.kind().name().charAt(0) + " " + e.reference();
            if (e.kind() == JournalKind.FULFILL) {
              key = "F " + e.reference();
            }
            seen.merge(key, 1, Integer::sum);
          }
        }
        sums &= c == b.clearingBalance() && p == b.prepaidAmount();
        assertThat(t.holds(a)).as("holds left on %s", a).isEmpty();
      }
      if (run.expectedEntries().keySet().stream().allMatch(k -> !k.endsWith("null"))
          && !seen.containsKey("P null")) {
        for (Map.Entry<String, Integer> e : run.expectedEntries().entrySet()) {
          int got = seen.getOrDefault(e.getKey(), 0);
          lost += got == 0 ? 1 : 0;
          doubled += Math.max(0, got - 1);
        }
        for (Map.Entry<String, Integer> e : seen.entrySet()) {
          if (!run.expectedEntries().containsKey(e.getKey())) {
            doubled += e.getValue(); // applied but never acknowledged
          }
        }
      } else {
        // no references without ids: compare counts
        long acked =
            run.acknowledged()
                - run.expectedEntries().keySet().stream().filter(k -> k.startsWith("C ")).count();
        doubled = Math.max(0, entries - acked);
        lost = Math.max(0, acked - entries);
      }
    }
    return new Audit(lost, doubled, deviation, sums);
  }

  @Test
  @DisplayName(
      "with operation ids: 0 lost, 0 doubled, 0 in doubt; balances equal the model and the"
          + " journals sum to them")
  void identifiedRunIsExactlyOnce() throws Exception {
    Run run = run(true);
    Audit audit = audit(run);
    System.out.printf(
        "identified run: %d acknowledged calls, %d retries, %d replays; %d lost, %d doubled, %d in"
            + " doubt, balance deviation %d%n",
        run.acknowledged(),
        run.retries(),
        run.replays(),
        audit.lost(),
        audit.doubled(),
        run.inDoubt(),
        audit.deviation());
    assertThat(run.retries()).as("calls retried after the faults").isPositive();
    assertThat(run.inDoubt()).as("in doubt").isZero();
    assertThat(audit.lost()).as("lost").isZero();
    assertThat(audit.doubled()).as("doubled").isZero();
    assertThat(audit.deviation()).as("balance against the model").isZero();
    assertThat(audit.journalsSum()).as("journals sum to the balances").isTrue();
  }

  @Test
  @DisplayName("without ids the same run applies calls twice (the run can fail)")
  void unidentifiedRunIsNot() throws Exception {
    Run run = run(false);
    Audit audit = audit(run);
    System.out.printf(
        "unidentified run: %d acknowledged calls, %d retries; %d lost, %d doubled (journal entries"
            + " against acknowledged calls), balance deviation %d%n",
        run.acknowledged(), run.retries(), audit.lost(), audit.doubled(), audit.deviation());
    assertThat(run.retries()).isPositive();
    assertThat(audit.lost() + audit.doubled()).as("lost or doubled without ids").isPositive();
    assertThat(audit.journalsSum()).as("journals still sum to the balances").isTrue();
  }
}
