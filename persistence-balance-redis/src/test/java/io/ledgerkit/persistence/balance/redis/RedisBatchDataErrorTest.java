package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A batch with a data error on one item reports per item: the items before and after it (in its own
 * script call, and on a cluster in the other slots' calls) are applied and reported as successes,
 * the bad item is a failed {@link Outcome} carrying an {@link IllegalStateException}, and nothing
 * is written for it.
 */
@DisplayName("A batch with bad data on one item reports that item's data error and the others")
class RedisBatchDataErrorTest {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();
  @RegisterExtension static final TestRedisExtension EMBEDDED = TestRedisExtension.embedded();
  @RegisterExtension static final TestRedisExtension CLUSTER = TestRedisExtension.cluster();

  private static final byte[] NOT_A_HASH = "not a hash".getBytes(StandardCharsets.US_ASCII);

  private static TestRedis server(String which) {
    return switch (which) {
      case "embedded" -> EMBEDDED.redis();
      case "cluster" -> CLUSTER.redis();
      default -> REDIS.redis();
    };
  }

  /** An account in the same cluster slot as {@code other}, so both share one script call. */
  private static AccountId sameSlotAs(AccountId other, String name) {
    int slot = JedisClusterCRC16.getSlot(other.value());
    for (int i = 0; ; i++) {
      AccountId a = AccountId.of(name + "." + i);
      if (JedisClusterCRC16.getSlot(a.value()) == slot) {
        return a;
      }
    }
  }

  private static AccountId otherSlotThan(AccountId other, String name) {
    int slot = JedisClusterCRC16.getSlot(other.value());
    for (int i = 0; ; i++) {
      AccountId a = AccountId.of(name + "." + i);
      if (JedisClusterCRC16.getSlot(a.value()) != slot) {
        return a;
      }
    }
  }

  @ParameterizedTest(name = "{0} server")
  @ValueSource(strings = {"configured", "embedded", "cluster"})
  @DisplayName(
      "prepareAll and rejectAll: the good items are applied and reported, the bad one fails")
  void prepareAndReject(String which) {
    TestRedis redis = server(which);
    Keys keys = new Keys(redis.keyPrefix());
    AccountId bad = AccountId.of("bad.batch");
    AccountId near = sameSlotAs(bad, "near");
    AccountId far = otherSlotThan(bad, "far");
    try (UnifiedJedis raw = RedisTrackers.raw(redis);
        RedisBalanceTracker tracker = RedisTrackers.open(redis)) {
      PrepareResult badPrepare = tracker.prepare(bad, 1);
      raw.del(keys.account(bad));
      raw.set(keys.account(bad), NOT_A_HASH);
      List<Outcome<PrepareResult>> prepared =
          tracker.prepareAll(
              List.of(
                  new PrepareRequest(near, 7, null),
                  new PrepareRequest(bad, 7, null),
                  new PrepareRequest(far, 7, null),
                  new PrepareRequest(near, 3, null)));
      assertThat(prepared.get(0).get().balance()).isEqualTo(new AccountBalance(near, -7, 0));
      assertThatThrownBy(() -> prepared.get(1).get())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(bad.value())
          .hasMessageContaining("did not write");
      assertThat(prepared.get(2).get().balance()).isEqualTo(new AccountBalance(far, -7, 0));
      assertThat(prepared.get(3).get().balance()).isEqualTo(new AccountBalance(near, -10, 0));
      assertThat(tracker.balance(near)).isEqualTo(new AccountBalance(near, -10, 0));
      assertThat(tracker.balance(far)).isEqualTo(new AccountBalance(far, -7, 0));
      assertThat(raw.get(keys.account(bad))).isEqualTo(NOT_A_HASH);

      List<Outcome<AccountBalance>> rejected =
          tracker.rejectAll(List.of(prepared.get(0).get(), badPrepare, prepared.get(2).get()));
      assertThat(rejected.get(0).get()).isEqualTo(new AccountBalance(near, -3, 0));
      assertThatThrownBy(() -> rejected.get(1).get()).isInstanceOf(IllegalStateException.class);
      assertThat(rejected.get(2).get()).isEqualTo(new AccountBalance(far, 0, 0));
      assertThat(raw.get(keys.account(bad))).isEqualTo(NOT_A_HASH);
    }
  }

  @ParameterizedTest(name = "{0} server")
  @ValueSource(strings = {"configured", "embedded", "cluster"})
  @DisplayName(
      "fulfillAll: a pending index of another type fails its item with nothing moved; the others"
          + " settle")
  void fulfill(String which) {
    TestRedis redis = server(which);
    Keys keys = new Keys(redis.keyPrefix());
    AccountId bad = AccountId.of("bad.pending");
    AccountId near = sameSlotAs(bad, "near");
    AccountId far = otherSlotThan(bad, "far");
    try (UnifiedJedis raw = RedisTrackers.raw(redis);
        RedisBalanceTracker tracker = RedisTrackers.open(redis)) {
      raw.set(keys.pending(bad), NOT_A_HASH);
      BalanceSettings settle = BalanceSettings.settleAt(100, 0);
      List<Outcome<FulfillResult>> out =
          tracker.fulfillAll(
              List.of(
                  new FulfillRequest(near, 100, settle),
                  new FulfillRequest(bad, 100, settle),
                  new FulfillRequest(far, 100, settle)));
      assertThat(out.get(0).get().settlement().amount()).isEqualTo(100);
      assertThatThrownBy(() -> out.get(1).get())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(":pending");
      assertThat(out.get(2).get().settlement().amount()).isEqualTo(100);
      assertThat(tracker.balance(bad))
          .as("nothing left clearing")
          .isEqualTo(new AccountBalance(bad, 0, 0));
      assertThat(raw.exists(keys.account(bad))).isFalse();
      assertThat(raw.get(keys.pending(bad))).isEqualTo(NOT_A_HASH);
      assertThat(tracker.pendingSettlements(near)).containsExactly(out.get(0).get().settlement());
      assertThat(tracker.pendingSettlements(far)).containsExactly(out.get(2).get().settlement());
    }
  }
}
