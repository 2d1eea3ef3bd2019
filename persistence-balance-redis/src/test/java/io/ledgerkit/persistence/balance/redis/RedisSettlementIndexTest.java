package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.SettlementPage;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.balance.redis.internal.SlotTags;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.UnifiedJedis;

/**
 * The slot pending-settlement indexes on Redis, standalone and Cluster: a fresh store lists an
 * empty page, and a store written by a build without the indexes (settlements in the accounts'
 * pending hashes only, no completion marker) is indexed once by the first tracker that starts, so
 * an upgrade loses no pending settlement from the listing.
 */
@DisplayName("Redis pending-settlement index: empty store, and the one-time backfill on upgrade")
class RedisSettlementIndexTest {
  @RegisterExtension static final TestRedisExtension STANDALONE = TestRedisExtension.standalone();
  @RegisterExtension static final TestRedisExtension CLUSTER = TestRedisExtension.cluster();

  private static TestRedis redis(String server) {
    return server.equals("cluster") ? CLUSTER.redis() : STANDALONE.redis();
  }

  private static List<PendingSettlement> listAll(RedisBalanceTracker t, int limit) {
    List<PendingSettlement> all = new ArrayList<>();
    String cursor = null;
    do {
      SettlementPage page = t.pendingSettlements(cursor, limit);
      all.addAll(page.settlements());
      cursor = page.next();
    } while (cursor != null);
    return all;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"standalone", "cluster"})
  @DisplayName("a store with no pending settlement lists an empty page with no next cursor")
  void emptyStore(String server) {
    try (RedisBalanceTracker t = RedisTrackers.open(redis(server))) {
      SettlementPage page = t.pendingSettlements(null, 10);
      assertThat(page.settlements()).isEmpty();
      assertThat(page.next()).isNull();
      AccountId a = AccountId.of("empty.after.close");
      PendingSettlement s = t.fulfill(a, 30, BalanceSettings.settleAt(10, 0)).settlement();
      t.settlementFailed(s.id());
      assertThat(t.pendingSettlements(null, 1).settlements()).isEmpty();
      assertThat(t.pendingSettlements(null, 1).next()).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"standalone", "cluster"})
  @DisplayName(
      "settlements opened before the index existed are listed after the first start of this build,"
          + " and closing one takes it out")
  void upgradeBackfillsOnce(String server) {
    TestRedis redis = redis(server);
    Keys keys = new Keys(redis.keyPrefix());
    List<PendingSettlement> opened = new ArrayList<>();
    Set<String> tags = new HashSet<>();
    SlotTags shards = new SlotTags(redis.isCluster());
    try (RedisBalanceTracker t = RedisTrackers.open(redis)) {
      for (int i = 0; i < 20; i++) {
        AccountId a = AccountId.of("legacy" + i);
        opened.add(t.fulfill(a, 25, BalanceSettings.settleAt(10, 0)).settlement());
        tags.add(shards.tag(shards.shard(a)));
      }
    }
    // what a build without the index leaves: no slot index, no completion marker
    try (UnifiedJedis raw = RedisTrackers.raw(redis)) {
      for (String tag : tags) {
        raw.del(keys.settlementIndex(tag));
      }
      raw.del(keys.settlementIndexComplete());
    }
    try (RedisBalanceTracker t = RedisTrackers.open(redis)) {
      assertThat(listAll(t, 3)).containsExactlyInAnyOrderElementsOf(opened);
      assertThat(t.indexPendingSettlements()).as("added by a second backfill").isZero();
      t.settlementSucceeded(opened.get(0).id());
      assertThat(listAll(t, 1))
          .containsExactlyInAnyOrderElementsOf(opened.subList(1, opened.size()));
    }
    try (UnifiedJedis raw = RedisTrackers.raw(redis)) {
      assertThat(raw.exists(keys.settlementIndexComplete())).isTrue();
      for (String tag : tags) {
        raw.del(keys.settlementIndex(tag));
      }
    }
    try (RedisBalanceTracker t = RedisTrackers.open(redis)) {
      assertThat(listAll(t, 5)).as("marker present: no backfill at start").isEmpty();
      assertThat(t.indexPendingSettlements()).isEqualTo(opened.size() - 1);
      assertThat(listAll(t, 5))
          .containsExactlyInAnyOrderElementsOf(opened.subList(1, opened.size()));
    }
  }
}
