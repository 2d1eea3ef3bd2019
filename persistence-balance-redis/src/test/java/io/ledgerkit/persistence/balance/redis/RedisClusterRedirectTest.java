package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The tracker's cluster client makes one attempt per command (a resend after a timeout could apply
 * a script twice); a MOVED reply, where the command did not run, must still be followed.
 */
@DisplayName("Redis Cluster: a slot moved after the tracker cached the layout is followed (MOVED)")
class RedisClusterRedirectTest {
  @RegisterExtension static final TestRedisExtension CLUSTER = TestRedisExtension.cluster();

  @Test
  @DisplayName("operations succeed once each after their slot moves to another master")
  void followsMoved() throws Exception {
    TestRedis redis = CLUSTER.redis();
    AccountId account = AccountId.of("moved.1");
    int slot = JedisClusterCRC16.getSlot(new Keys(redis.keyPrefix()).account(account));
    List<Jedis> nodes = new ArrayList<>();
    try (RedisBalanceTracker tracker = RedisTrackers.open(redis)) {
      for (InetSocketAddress a : redis.nodes()) {
        nodes.add(new Jedis(new HostAndPort(a.getHostString(), a.getPort())));
      }
      Jedis owner = ownerOf(nodes, slot);
      Jedis target = nodes.get((nodes.indexOf(owner) + 1) % nodes.size());
      assertThat(tracker.balance(account).clearingBalance()).isZero(); // caches the layout
      move(nodes, slot, target);
      try {
        tracker.fulfill(account, 7, io.ledgerkit.persistence.balance.BalanceSettings.NONE);
        tracker.prepare(account, 2);
        assertThat(tracker.balance(account).clearingBalance()).isEqualTo(5);
        assertThat(target.hget(new String(new Keys(redis.keyPrefix()).account(account)), "c"))
            .as("the account now lives on the new owner")
            .isEqualTo("5");
      } finally {
        for (String k : target.keys(redis.keyPrefix() + "*")) {
          target.del(k);
        }
        move(nodes, slot, owner);
      }
    } finally {
      nodes.forEach(Jedis::close);
    }
  }

  @Test
  @DisplayName(
      "operations on a slot being migrated follow ASK to the importing master once the account's"
          + " keys are there, once each; an account whose keys are on neither side yet is refused"
          + " with TRYAGAIN, nothing applied")
  void followsAsk() throws Exception {
    TestRedis redis = CLUSTER.redis();
    AccountId account = AccountId.of("asked.1");
    byte[] key = new Keys(redis.keyPrefix()).account(account);
    int slot = JedisClusterCRC16.getSlot(key);
    AccountId fresh = null;
    for (int i = 0; fresh == null; i++) {
      if (JedisClusterCRC16.getSlot("asked.fresh." + i) == slot) {
        fresh = AccountId.of("asked.fresh." + i);
      }
    }
    AccountId newcomer = fresh;
    List<Jedis> nodes = new ArrayList<>();
    try (RedisBalanceTracker tracker = RedisTrackers.open(redis)) {
      for (InetSocketAddress a : redis.nodes()) {
        nodes.add(new Jedis(new HostAndPort(a.getHostString(), a.getPort())));
      }
      Jedis owner = ownerOf(nodes, slot);
      Jedis target = nodes.get((nodes.indexOf(owner) + 1) % nodes.size());
      InetSocketAddress targetAddress = redis.nodes().get(nodes.indexOf(target));
      tracker.fulfill(account, 7, io.ledgerkit.persistence.balance.BalanceSettings.NONE);
      target.clusterSetSlotImporting(slot, owner.clusterMyId());
      owner.clusterSetSlotMigrating(slot, target.clusterMyId());
      try {
        // a reshard moves the account's keys (hash, journal) to the importing master
        for (String k : owner.clusterGetKeysInSlot(slot, 1000)) {
          if (k.startsWith(redis.keyPrefix())) {
            owner.migrate(targetAddress.getHostString(), targetAddress.getPort(), k, 0, 5000);
          }
        }
        tracker.prepare(account, 2);
        target.asking();
        assertThat(target.hget(new String(key), "c"))
            .as("applied on the importing master")
            .isEqualTo("5");
        assertThat(owner.clusterGetKeysInSlot(slot, 1000))
            .noneMatch(k -> k.startsWith(redis.keyPrefix()));
        // the script of a new account names keys that exist on neither master: Redis refuses a
        // multi-key command on a slot being migrated (TRYAGAIN) before running it
        assertThatThrownBy(
                () ->
                    tracker.fulfill(
                        newcomer, 1, io.ledgerkit.persistence.balance.BalanceSettings.NONE))
            .isInstanceOf(BalanceStoreUnavailableException.class)
            .hasMessageContaining("TRYAGAIN")
            .matches(e -> !((BalanceStoreUnavailableException) e).mayHaveBeenApplied());
        move(nodes, slot, target);
        assertThat(tracker.balance(account).clearingBalance()).isEqualTo(5);
        assertThat(tracker.journal(account, 1, 10)).hasSize(2);
        assertThat(tracker.balance(newcomer).clearingBalance()).isZero();
        tracker.fulfill(newcomer, 1, io.ledgerkit.persistence.balance.BalanceSettings.NONE);
        assertThat(tracker.balance(newcomer).clearingBalance()).isEqualTo(1);
      } finally {
        move(nodes, slot, target);
        for (String k : target.keys(redis.keyPrefix() + "*")) {
          target.del(k);
        }
        move(nodes, slot, owner);
      }
    } finally {
      nodes.forEach(Jedis::close);
    }
  }

  private static Jedis ownerOf(List<Jedis> nodes, int slot) {
    for (Jedis j : nodes) {
      for (String line : j.clusterNodes().split("\n")) {
        String[] f = line.trim().split(" ");
        if (!line.contains("myself")) {
          continue;
        }
        for (int i = 8; i < f.length; i++) {
          String[] range = f[i].split("-");
          if (range[0].startsWith("[")) {
            continue;
          }
          int lo = Integer.parseInt(range[0]);
          int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
          if (slot >= lo && slot <= hi) {
            return j;
          }
        }
      }
    }
    throw new AssertionError("no master owns slot " + slot);
  }

  /** Gives an empty slot to another master, telling every node at once. */
  private static void move(List<Jedis> nodes, int slot, Jedis to) throws InterruptedException {
    String id = to.clusterMyId();
    to.clusterSetSlotNode(slot, id);
    for (Jedis j : nodes) {
      if (j != to) {
        j.clusterSetSlotNode(slot, id);
      }
    }
    Thread.sleep(100);
  }
}
