package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.balance.redis.internal.LuaScript;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;

/**
 * The claim of an incoming-settlement key lives in another slot than the account, so a refused
 * call's release of its claim must never unbind another call's apply of the same key. These tests
 * play one call's steps by hand (its claim script calls) against the tracker's own calls, in the
 * order that opened a double-credit window with a plain "delete the claim if it has my value".
 */
@DisplayName("Incoming settlements: a refused call releases its claim without unbinding another's")
class RedisIncomingClaimTest {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();

  private static final LuaScript CLAIM = LuaScript.load("claim");
  private static final long MAX = Long.MAX_VALUE;

  private static List<Object> claim(RedisClient raw, byte[] key, String... args) {
    @SuppressWarnings("unchecked")
    List<Object> r =
        (List<Object>)
            raw.eval(
                CLAIM.source(),
                List.of(key),
                java.util.Arrays.stream(args).map(RedisIncomingClaimTest::bytes).toList());
    return r;
  }

  @Test
  @DisplayName(
      "a same-key call waits while a refused call holds the claim, then applies; the key is bound"
          + " to its account and conflicts elsewhere")
  void releaseNeverUnbindsAnotherApply() throws Exception {
    TestRedis redis = REDIS.redis();
    Keys keys = new Keys(redis.keyPrefix());
    AccountId full = AccountId.of("claim.full");
    AccountId other = AccountId.of("claim.other");
    String k = "race-1";
    byte[] claimKey = keys.claim(k);
    try (RedisClient raw = RedisClient.create(redis.uri());
        RedisBalanceTracker tracker = RedisTrackers.open(redis)) {
      tracker.incomingSettlement("fill", full, MAX);
      // call A takes the claim; its apply is refused for overflow (the account is full)
      assertThat(claim(raw, claimKey, "take", full + " 5", "token-a", "600000", "30000"))
          .containsExactly(0L, 1L);
      // room is made; call B with the same key, account and amount starts while A holds the claim
      tracker.prepare(full, 5);
      CompletableFuture<IncomingSettlementResult> b =
          CompletableFuture.supplyAsync(() -> tracker.incomingSettlement(k, full, 5));
      Thread.sleep(200);
      assertThat(b).as("B waits while A holds the claim").isNotDone();
      // A releases after its refusal
      claim(raw, claimKey, "release", full + " 5", "token-a", "600000");
      IncomingSettlementResult applied = b.get(10, TimeUnit.SECONDS);
      assertThat(applied.toPrepaid()).isEqualTo(5);
      assertThat(tracker.balance(full)).isEqualTo(new AccountBalance(full, 0, MAX));
      assertThat(new String(raw.get(claimKey), StandardCharsets.US_ASCII))
          .as("the claim is bound to B's account and amount")
          .isEqualTo(full + " 5");
      // the key is bound: another account conflicts and is not credited
      assertThatThrownBy(() -> tracker.incomingSettlement(k, other, 5))
          .isInstanceOf(SettlementConflictException.class);
      assertThat(tracker.balance(other)).isEqualTo(new AccountBalance(other, 0, 0));
      // a late release by A (or by anyone without B's token) leaves B's claim bound
      claim(raw, claimKey, "release", full + " 5", "token-a", "600000");
      assertThatThrownBy(() -> tracker.incomingSettlement(k, other, 5))
          .isInstanceOf(SettlementConflictException.class);
    }
  }

  @Test
  @DisplayName(
      "a claim held by a call that died is taken over by the same request once its lease ran out;"
          + " another account conflicts meanwhile")
  void heldClaimTakenOverAfterLease() {
    TestRedis redis = REDIS.redis();
    Keys keys = new Keys(redis.keyPrefix());
    AccountId a = AccountId.of("claim.dead");
    AccountId other = AccountId.of("claim.other2");
    String k = "dead-1";
    byte[] claimKey = keys.claim(k);
    try (RedisClient raw = RedisClient.create(redis.uri());
        RedisBalanceTracker tracker = RedisTrackers.open(redis)) {
      // a call took the claim with a short lease and died before its apply
      assertThat(claim(raw, claimKey, "take", a + " 5", "token-dead", "600000", "300"))
          .containsExactly(0L, 1L);
      assertThatThrownBy(() -> tracker.incomingSettlement(k, other, 5))
          .isInstanceOf(SettlementConflictException.class);
      IncomingSettlementResult r = tracker.incomingSettlement(k, a, 5);
      assertThat(r.toPrepaid()).isEqualTo(5);
      assertThat(tracker.incomingSettlement(k, a, 5)).isEqualTo(r);
      assertThat(tracker.balance(a)).isEqualTo(new AccountBalance(a, 0, 5));
      assertThat(new String(raw.get(claimKey), StandardCharsets.US_ASCII)).isEqualTo(a + " 5");
    }
  }

  @Test
  @DisplayName("a refused incoming settlement leaves no claim behind")
  void refusedLeavesNoClaim() {
    TestRedis redis = REDIS.redis();
    Keys keys = new Keys(redis.keyPrefix());
    AccountId full = AccountId.of("claim.full2");
    try (RedisClient raw = RedisClient.create(redis.uri());
        RedisBalanceTracker tracker = RedisTrackers.open(redis)) {
      tracker.incomingSettlement("fill", full, MAX);
      assertThatThrownBy(() -> tracker.incomingSettlement("refused", full, 1))
          .isInstanceOf(io.ledgerkit.persistence.balance.BalanceOverflowException.class);
      assertThat(raw.exists(keys.claim("refused"))).isFalse();
      assertThat(raw.exists(keys.incoming(full, "refused"))).isFalse();
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
