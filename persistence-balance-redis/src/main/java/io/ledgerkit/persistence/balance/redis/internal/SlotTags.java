package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.AccountId;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The shards of the hold indexes. On a cluster there is one shard per hash slot (16,384), named by
 * a short tag whose CRC16 maps to that slot, so that an account's script can write its slot's index
 * keys together with the hold; on a standalone server a single shard.
 */
public final class SlotTags {
  /** The number of Redis Cluster hash slots. */
  public static final int SLOTS = 16_384;

  private static final String[] TAGS = compute();

  private final boolean cluster;

  /**
   * Creates the sharding for a store.
   *
   * @param cluster whether the store is a Redis Cluster
   */
  public SlotTags(boolean cluster) {
    this.cluster = cluster;
  }

  /**
   * The number of shards.
   *
   * @return 16,384 on a cluster, else 1
   */
  public int shards() {
    return cluster ? SLOTS : 1;
  }

  /**
   * The shard of an account.
   *
   * @param account the account
   * @return its hash slot on a cluster, else 0
   */
  public int shard(AccountId account) {
    return cluster ? JedisClusterCRC16.getSlot(account.value()) : 0;
  }

  /**
   * A tag of a shard: a short string that hashes to the shard's slot.
   *
   * @param shard the shard
   * @return the tag
   */
  public String tag(int shard) {
    return TAGS[shard];
  }

  private static String[] compute() {
    String[] tags = new String[SLOTS];
    int found = 0;
    for (int n = 0; found < SLOTS; n++) {
      String t = Integer.toString(n, 36);
      int slot = JedisClusterCRC16.getSlot(t);
      if (tags[slot] == null) {
        tags[slot] = t;
        found++;
      }
    }
    return tags;
  }
}
