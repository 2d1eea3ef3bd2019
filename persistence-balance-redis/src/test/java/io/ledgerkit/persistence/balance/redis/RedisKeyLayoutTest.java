package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.balance.redis.internal.SlotTags;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.util.JedisClusterCRC16;

/** The key layout keeps each account in one cluster slot, and batches span many slots. */
@DisplayName("Redis keys: hash tags, refused ids and prefixes, batches over many cluster slots")
class RedisKeyLayoutTest {
  @RegisterExtension static final TestRedisExtension CLUSTER = TestRedisExtension.cluster();

  @Test
  @DisplayName("account ids that would break a hash tag are refused by AccountId")
  void bracesRefused() {
    for (String bad : List.of("a}b", "{x}", "a{b", "x:y", "a b")) {
      assertThatThrownBy(() -> AccountId.of(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }

  @Test
  @DisplayName("a key prefix with a brace is refused by the builder")
  void prefixWithBraceRefused() {
    assertThatThrownBy(() -> RedisBalanceTracker.configure().keyPrefix("x{y}:"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x{y}:");
  }

  @Test
  @DisplayName("every key of an account lies in the account's slot")
  void oneSlotPerAccount() {
    Keys keys = new Keys("ledgerkit:balance:");
    AccountId a = AccountId.of("alice.01");
    int slot = JedisClusterCRC16.getSlot(keys.account(a));
    assertThat(new String(keys.account(a))).isEqualTo("ledgerkit:balance:{alice.01}");
    assertThat(JedisClusterCRC16.getSlot(keys.settlement(a, UUID.randomUUID()))).isEqualTo(slot);
    assertThat(JedisClusterCRC16.getSlot(keys.pending(a))).isEqualTo(slot);
    assertThat(JedisClusterCRC16.getSlot(keys.incoming(a, "k:1/2"))).isEqualTo(slot);
    assertThat(JedisClusterCRC16.getSlot(keys.op(a, "op:1/2"))).isEqualTo(slot);
    assertThat(JedisClusterCRC16.getSlot(keys.journal(a))).isEqualTo(slot);
    SlotTags tags = new SlotTags(true);
    assertThat(tags.shard(a)).isEqualTo(slot);
    String tag = tags.tag(tags.shard(a));
    assertThat(JedisClusterCRC16.getSlot(keys.heldIndex(tag))).isEqualTo(slot);
    assertThat(JedisClusterCRC16.getSlot(keys.expiryIndex(tag))).isEqualTo(slot);
  }

  @Test
  @DisplayName("every one of the 16,384 slots has a short tag that hashes to it")
  void slotTags() {
    SlotTags tags = new SlotTags(true);
    assertThat(tags.shards()).isEqualTo(16_384);
    for (int s = 0; s < tags.shards(); s++) {
      assertThat(JedisClusterCRC16.getSlot(tags.tag(s))).as("tag of slot %d", s).isEqualTo(s);
      assertThat(tags.tag(s)).hasSizeLessThanOrEqualTo(4);
    }
    assertThat(new SlotTags(false).shards()).isEqualTo(1);
  }

  @Test
  @DisplayName("batches over 200 accounts on a cluster return every item's result in order")
  void clusterBatchesAcrossSlots() {
    try (RedisBalanceTracker tracker = RedisTrackers.open(CLUSTER.redis())) {
      List<FulfillRequest> fulfills = new ArrayList<>();
      List<PrepareRequest> prepares = new ArrayList<>();
      Set<Integer> slots = new HashSet<>();
      for (int i = 0; i < 200; i++) {
        AccountId a = AccountId.of("spread-" + i);
        slots.add(JedisClusterCRC16.getSlot(a.value()));
        fulfills.add(new FulfillRequest(a, 100 + i, BalanceSettings.settleAt(150, 0)));
        prepares.add(new PrepareRequest(a, 120, -50L));
      }
      assertThat(slots).hasSizeGreaterThan(150);
      List<Outcome<FulfillResult>> f = tracker.fulfillAll(fulfills);
      List<Outcome<PrepareResult>> p = tracker.prepareAll(prepares);
      int settled = 0;
      for (int i = 0; i < 200; i++) {
        FulfillResult r = f.get(i).get();
        assertThat(r.balance().account()).isEqualTo(fulfills.get(i).account());
        boolean settles = 100 + i >= 150;
        assertThat(r.pendingSettlement().isPresent()).as("item %d settles", i).isEqualTo(settles);
        if (settles) {
          settled++;
          assertThat(r.settlement().amount()).isEqualTo(100 + i);
          assertThat(p.get(i).isSuccess())
              .as("prepare %d after settling to 0 (min -50)", i)
              .isFalse();
        } else {
          assertThat(p.get(i).get().balance().clearingBalance()).isEqualTo(100 + i - 120);
        }
      }
      List<PendingSettlement> all = tracker.pendingSettlements();
      assertThat(all).hasSize(settled);
      assertThat(all).allMatch(s -> s.account().value().startsWith("spread-") && s.amount() >= 150);
    }
  }
}
