package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.balance.redis.internal.SlotTags;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.RedisClient;

/**
 * Redis does not roll back a script that fails halfway. Every script therefore checks everything it
 * will touch before its first write: for each script and each key it touches, a key of another type
 * or a malformed stored value fails the operation with a data error ({@link IllegalStateException})
 * and leaves every key under the test's prefix byte for byte as it was.
 */
@DisplayName("A Redis script that meets bad data fails before its first write: nothing changes")
class RedisPartialWriteTest {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();

  /** The embedded Redis 6.2 as well: Redis 6 and 7 word script errors differently. */
  @RegisterExtension static final TestRedisExtension EMBEDDED = TestRedisExtension.embedded();

  private static final byte[] NOT_A_HASH = bytes("not a hash");

  /** What a case has at hand: the tracker, a raw client, the key layout and its account. */
  record Ctx(RedisBalanceTracker tracker, RedisClient raw, Keys keys, AccountId account) {
    byte[] accountKey() {
      return keys.account(account);
    }

    void hset(byte[] key, String field, String value) {
      raw.hset(key, bytes(field), bytes(value));
    }

    PendingSettlement settle() {
      FulfillResult r = tracker.fulfill(account, 100, BalanceSettings.settleAt(100, 0));
      assertThat(r.settlement()).isNotNull();
      return r.settlement();
    }
  }

  /** Sets a case up (good operations, then the bad data) and returns the operation to run. */
  @FunctionalInterface
  interface Scenario {
    ThrowingCallable arrange(Ctx c);
  }

  static Stream<Arguments> cases() {
    List<Object[]> cases = new ArrayList<>();
    // ---- prepare: the account hash
    cases.add(
        c(
            "prepare: account hash of another type",
            c -> {
              c.raw().set(c.accountKey(), NOT_A_HASH);
              return () -> c.tracker().prepare(c.account(), 1);
            }));
    cases.add(
        c(
            "prepare: malformed prepaid",
            c -> {
              c.tracker().fulfill(c.account(), 10, BalanceSettings.NONE);
              c.hset(c.accountKey(), "p", "1e3");
              return () -> c.tracker().prepare(c.account(), 1);
            }));
    // ---- reject: the account hash
    cases.add(
        c(
            "reject: account hash of another type",
            c -> {
              PrepareResult p = c.tracker().prepare(c.account(), 4);
              c.raw().del(c.accountKey());
              c.raw().set(c.accountKey(), NOT_A_HASH);
              return () -> c.tracker().reject(p);
            }));
    cases.add(
        c(
            "reject: malformed clearing",
            c -> {
              PrepareResult p = c.tracker().prepare(c.account(), 4);
              c.hset(c.accountKey(), "c", "-4x");
              return () -> c.tracker().reject(p);
            }));
    // ---- fulfill: the account hash, the pending index, the settlement counter
    cases.add(
        c(
            "fulfill: account hash of another type",
            c -> {
              c.raw().set(c.accountKey(), NOT_A_HASH);
              return () -> c.tracker().fulfill(c.account(), 1, BalanceSettings.NONE);
            }));
    cases.add(
        c(
            "fulfill: malformed clearing",
            c -> {
              c.hset(c.accountKey(), "c", "12x");
              return () -> c.tracker().fulfill(c.account(), 1, BalanceSettings.NONE);
            }));
    cases.add(
        c(
            "fulfill with a settlement: pending index of another type",
            c -> {
              c.tracker().fulfill(c.account(), 40, BalanceSettings.NONE);
              c.raw().set(c.keys().pending(c.account()), NOT_A_HASH);
              return () -> c.tracker().fulfill(c.account(), 100, BalanceSettings.settleAt(100, 0));
            }));
    cases.add(
        c(
            "fulfill with a settlement: the slot's pending-settlement index of another type",
            c -> {
              c.tracker().fulfill(c.account(), 40, BalanceSettings.NONE);
              c.raw().set(c.keys().settlementIndex(TAG), NOT_A_HASH);
              return () -> c.tracker().fulfill(c.account(), 100, BalanceSettings.settleAt(100, 0));
            }));
    cases.add(
        c(
            "fulfill with a settlement: malformed settlement counter",
            c -> {
              c.tracker().fulfill(c.account(), 40, BalanceSettings.NONE);
              c.hset(c.accountKey(), "n", "seven");
              return () -> c.tracker().fulfill(c.account(), 100, BalanceSettings.settleAt(100, 0));
            }));
    // ---- settlement closes: the record, the pending index, the account hash (failed only)
    for (boolean failed : new boolean[] {false, true}) {
      String close = failed ? "settlementFailed" : "settlementSucceeded";
      cases.add(
          c(
              close + ": settlement record of another type",
              c -> {
                PendingSettlement s = c.settle();
                byte[] record = c.keys().settlement(c.account(), s.id().key());
                c.raw().del(record);
                c.raw().set(record, NOT_A_HASH);
                return closeOf(c, s, failed);
              }));
      cases.add(
          c(
              close + ": settlement record with an unknown status",
              c -> {
                PendingSettlement s = c.settle();
                c.hset(c.keys().settlement(c.account(), s.id().key()), "st", "x");
                return closeOf(c, s, failed);
              }));
      cases.add(
          c(
              close + ": settlement record with a malformed amount",
              c -> {
                PendingSettlement s = c.settle();
                c.hset(c.keys().settlement(c.account(), s.id().key()), "amt", "1OO");
                return closeOf(c, s, failed);
              }));
      cases.add(
          c(
              close + ": pending index of another type",
              c -> {
                PendingSettlement s = c.settle();
                c.raw().del(c.keys().pending(c.account()));
                c.raw().set(c.keys().pending(c.account()), NOT_A_HASH);
                return closeOf(c, s, failed);
              }));
      cases.add(
          c(
              close + ": the slot's pending-settlement index of another type",
              c -> {
                PendingSettlement s = c.settle();
                c.raw().del(c.keys().settlementIndex(TAG));
                c.raw().set(c.keys().settlementIndex(TAG), NOT_A_HASH);
                return closeOf(c, s, failed);
              }));
    }
    cases.add(
        c(
            "settlementFailed: account hash of another type",
            c -> {
              PendingSettlement s = c.settle();
              c.raw().del(c.accountKey());
              c.raw().set(c.accountKey(), NOT_A_HASH);
              return () -> c.tracker().settlementFailed(s.id());
            }));
    cases.add(
        c(
            "settlementFailed: malformed clearing",
            c -> {
              PendingSettlement s = c.settle();
              c.hset(c.accountKey(), "c", "zero");
              return () -> c.tracker().settlementFailed(s.id());
            }));
    // ---- incoming settlement: the claim, the account's record of the key, the account hash
    cases.add(
        c(
            "incomingSettlement: claim of another type",
            c -> {
              c.raw().hset(c.keys().claim("k1"), bytes("x"), bytes("y"));
              return () -> c.tracker().incomingSettlement("k1", c.account(), 5);
            }));
    cases.add(
        c(
            "incomingSettlement: malformed claim",
            c -> {
              c.raw().set(c.keys().claim("k1"), bytes("garbage"));
              return () -> c.tracker().incomingSettlement("k1", c.account(), 5);
            }));
    cases.add(
        c(
            "incomingSettlement: record of the key of another type",
            c -> {
              c.raw().set(c.keys().incoming(c.account(), "k1"), NOT_A_HASH);
              return () -> c.tracker().incomingSettlement("k1", c.account(), 5);
            }));
    cases.add(
        c(
            "incomingSettlement: malformed record of the key",
            c -> {
              c.tracker().incomingSettlement("k1", c.account(), 5);
              c.hset(c.keys().incoming(c.account(), "k1"), "tp", "five");
              return () -> c.tracker().incomingSettlement("k1", c.account(), 5);
            }));
    cases.add(
        c(
            "incomingSettlement: account hash of another type",
            c -> {
              c.raw().set(c.accountKey(), NOT_A_HASH);
              return () -> c.tracker().incomingSettlement("k1", c.account(), 5);
            }));
    cases.add(
        c(
            "incomingSettlement: malformed clearing",
            c -> {
              c.hset(c.accountKey(), "c", "--1");
              return () -> c.tracker().incomingSettlement("k1", c.account(), 5);
            }));
    // ---- exactly once: the journal, operation records, held sets and slot indexes
    cases.add(
        c(
            "prepare: journal of another type",
            c -> {
              c.raw().set(c.keys().journal(c.account()), NOT_A_HASH);
              return () -> c.tracker().prepare(c.account(), 1);
            }));
    cases.add(
        c(
            "prepare: malformed journal sequence",
            c -> {
              c.tracker().fulfill(c.account(), 10, BalanceSettings.NONE);
              c.hset(c.accountKey(), "j", "x1");
              return () -> c.tracker().prepare(c.account(), 1);
            }));
    cases.add(
        c(
            "identified prepare: operation record of another type",
            c -> {
              c.raw().set(c.keys().op(c.account(), "op-1"), NOT_A_HASH);
              return () -> c.tracker().prepare(identified(c, 1, "op-1"));
            }));
    cases.add(
        c(
            "identified prepare: malformed operation record",
            c -> {
              c.tracker().prepare(identified(c, 1, "op-1"));
              c.hset(c.keys().op(c.account(), "op-1"), "fp", "one");
              return () -> c.tracker().prepare(identified(c, 1, "op-1"));
            }));
    cases.add(
        c(
            "identified prepare: the slot's held index of another type",
            c -> {
              c.raw().set(c.keys().heldIndex(TAG), NOT_A_HASH);
              return () -> c.tracker().prepare(identified(c, 1, "op-1"));
            }));
    cases.add(
        c(
            "identified prepare: the slot's expiry index of another type",
            c -> {
              c.raw().set(c.keys().expiryIndex(TAG), NOT_A_HASH);
              return () ->
                  c.tracker()
                      .prepare(identified(c, 1, "op-1").expiringAt(Instant.now().plusSeconds(60)));
            }));
    for (boolean commit : new boolean[] {true, false}) {
      String op = commit ? "commit" : "reject(HoldRef)";
      cases.add(
          c(
              op + ": hold record with an unknown state",
              c -> {
                PrepareResult p = c.tracker().prepare(identified(c, 3, "op-2"));
                c.hset(c.keys().op(c.account(), "op-2"), "st", "Q");
                return resolveOf(c, p, commit);
              }));
      cases.add(
          c(
              op + ": journal of another type",
              c -> {
                PrepareResult p = c.tracker().prepare(identified(c, 3, "op-2"));
                c.raw().del(c.keys().journal(c.account()));
                c.raw().set(c.keys().journal(c.account()), NOT_A_HASH);
                return resolveOf(c, p, commit);
              }));
      cases.add(
          c(
              op + ": the slot's held index of another type",
              c -> {
                PrepareResult p = c.tracker().prepare(identified(c, 3, "op-2"));
                c.raw().del(c.keys().heldIndex(TAG));
                c.raw().set(c.keys().heldIndex(TAG), NOT_A_HASH);
                return resolveOf(c, p, commit);
              }));
      cases.add(
          c(
              op + ": the slot's expiry index of another type (a hold with an expiry)",
              c -> {
                PrepareResult p =
                    c.tracker()
                        .prepare(
                            identified(c, 3, "op-2").expiringAt(Instant.now().plusSeconds(60)));
                c.raw().del(c.keys().expiryIndex(TAG));
                c.raw().set(c.keys().expiryIndex(TAG), NOT_A_HASH);
                return resolveOf(c, p, commit);
              }));
      cases.add(
          c(
              op + ": malformed clearing",
              c -> {
                PrepareResult p = c.tracker().prepare(identified(c, 3, "op-2"));
                c.hset(c.accountKey(), "c", "1-");
                return resolveOf(c, p, commit);
              }));
    }
    cases.add(
        c(
            "identified fulfill: malformed operation record",
            c -> {
              c.tracker().fulfill(FulfillRequest.of(c.account(), 5).withId(OperationId.of("f-1")));
              c.hset(c.keys().op(c.account(), "f-1"), "a", "5x");
              return () ->
                  c.tracker()
                      .fulfill(FulfillRequest.of(c.account(), 5).withId(OperationId.of("f-1")));
            }));
    cases.add(
        c(
            "fulfill: journal of another type",
            c -> {
              c.raw().set(c.keys().journal(c.account()), NOT_A_HASH);
              return () -> c.tracker().fulfill(c.account(), 100, BalanceSettings.settleAt(100, 0));
            }));
    for (boolean failed : new boolean[] {false, true}) {
      cases.add(
          c(
              (failed ? "settlementFailed" : "settlementSucceeded") + ": journal of another type",
              c -> {
                PendingSettlement s = c.settle();
                c.raw().del(c.keys().journal(c.account()));
                c.raw().set(c.keys().journal(c.account()), NOT_A_HASH);
                return closeOf(c, s, failed);
              }));
    }
    // ---- the backfill of the pending-settlement index: the account's index, the slot's index
    cases.add(
        c(
            "indexPendingSettlements: the slot's pending-settlement index of another type",
            c -> {
              c.settle();
              c.raw().del(c.keys().settlementIndex(TAG));
              c.raw().set(c.keys().settlementIndex(TAG), NOT_A_HASH);
              return () -> c.tracker().indexPendingSettlements();
            }));
    cases.add(
        c(
            "incomingSettlement: journal of another type",
            c -> {
              c.raw().set(c.keys().journal(c.account()), NOT_A_HASH);
              return () -> c.tracker().incomingSettlement("k1", c.account(), 5);
            }));
    List<Arguments> out = new ArrayList<>();
    for (String server : List.of("configured", "embedded")) {
      for (Object[] k : cases) {
        out.add(Arguments.of(server, k[0], k[1]));
      }
    }
    return out.stream();
  }

  private static Object[] c(String name, Scenario s) {
    return new Object[] {name, s};
  }

  /** The tag of the only shard of a standalone store. */
  private static final String TAG = new SlotTags(false).tag(0);

  private static PrepareRequest identified(Ctx c, long amount, String id) {
    return PrepareRequest.of(c.account(), amount).withId(OperationId.of(id));
  }

  private static ThrowingCallable resolveOf(Ctx c, PrepareResult p, boolean commit) {
    HoldRef ref = p.hold().orElseThrow();
    return commit ? () -> c.tracker().commit(ref) : () -> c.tracker().reject(ref);
  }

  private static ThrowingCallable closeOf(Ctx c, PendingSettlement s, boolean failed) {
    return failed
        ? () -> c.tracker().settlementFailed(s.id())
        : () -> c.tracker().settlementSucceeded(s.id());
  }

  @ParameterizedTest(name = "{0} server: {1}")
  @MethodSource("cases")
  @DisplayName("bad data at a key the script touches fails it with a data error, nothing written")
  void badDataChangesNothing(String server, String name, Scenario scenario) {
    TestRedis redis = server.equals("embedded") ? EMBEDDED.redis() : REDIS.redis();
    try (RedisClient raw = RedisClient.create(redis.uri());
        RedisBalanceTracker tracker = RedisTrackers.open(redis)) {
      Ctx c = new Ctx(tracker, raw, new Keys(redis.keyPrefix()), AccountId.of("bad.data"));
      ThrowingCallable operation = scenario.arrange(c);
      Map<String, String> before = snapshot(raw, redis.keyPrefix());
      Throwable thrown = catchThrowable(operation);
      assertThat(thrown)
          .as("the operation on bad data")
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("did not write");
      assertThat(snapshot(raw, redis.keyPrefix()))
          .as("every key under the prefix after the data error")
          .isEqualTo(before);
    }
  }

  /** Every key under the prefix: its DUMP (type, value, encoding) and whether it expires. */
  static Map<String, String> snapshot(RedisClient raw, String prefix) {
    Map<String, String> out = new TreeMap<>();
    for (byte[] k : raw.keys(bytes(glob(prefix) + "*"))) {
      byte[] dump = raw.dump(k);
      long ttl = raw.pttl(k);
      out.put(
          new String(k, StandardCharsets.UTF_8),
          Base64.getEncoder().encodeToString(dump) + (ttl >= 0 ? " (expires)" : ""));
    }
    return out;
  }

  private static String glob(String prefix) {
    StringBuilder b = new StringBuilder();
    for (char ch : prefix.toCharArray()) {
      if (ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '\\') {
        b.append('\\');
      }
      b.append(ch);
    }
    return b.toString();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
