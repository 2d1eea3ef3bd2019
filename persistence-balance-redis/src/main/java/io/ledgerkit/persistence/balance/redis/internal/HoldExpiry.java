package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases due holds through the expiry index of each shard. With one shard (standalone) that is
 * one script call. On a cluster one pipelined {@code ZCOUNT} per shard (one round trip per node)
 * finds the shards with due holds by the store's time, and one script per such shard releases at
 * most its share of the limit atomically, so concurrent callers release each hold once.
 */
public final class HoldExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(HoldExpiry.class);

  /** How far ahead of one node's time a shard is looked at, for clock differences between nodes. */
  private static final long SLACK_MILLIS = 1_000;

  private static final LuaScript TIME = LuaScript.load("time");

  private final ScriptRunner runner;
  private final Keys keys;
  private final SlotTags shards;
  private final SlotBatches batches;
  private final LuaScript expire;
  private final byte[] prefix;

  /**
   * Creates the expiry.
   *
   * @param runner the script runner
   * @param keys the key layout
   * @param shards the shards
   * @param batches the account script runner (for the common arguments)
   * @param expire the {@code expire} script
   */
  public HoldExpiry(
      ScriptRunner runner, Keys keys, SlotTags shards, SlotBatches batches, LuaScript expire) {
    this.runner = runner;
    this.keys = keys;
    this.shards = shards;
    this.batches = batches;
    this.expire = expire;
    this.prefix = keys.prefix().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Releases due holds.
   *
   * @param limit the most holds
   * @return the holds released by this call
   */
  public List<Hold> expire(int limit) {
    int n = shards.shards();
    List<Integer> due = new ArrayList<>();
    List<Long> shares = new ArrayList<>();
    if (n == 1) {
      due.add(0);
      shares.add((long) limit);
    } else {
      byte[] first = keys.expiryIndex(shards.tag(0));
      long now =
          Replies.parseLong((byte[]) runner.evalRead(TIME, List.of(first), List.of()))
              + SLACK_MILLIS;
      List<byte[]> indexes = new ArrayList<>(n);
      for (int s = 0; s < n; s++) {
        indexes.add(keys.expiryIndex(shards.tag(s)));
      }
      byte[] min = "-inf".getBytes(StandardCharsets.US_ASCII);
      byte[] max = Replies.bytes(now);
      List<Long> counts =
          runner.readAll("ZCOUNT of the expiry indexes", indexes, (p, k) -> p.zcount(k, min, max));
      long remaining = limit;
      for (int s = 0; s < n && remaining > 0; s++) {
        long c = counts.get(s);
        if (c > 0) {
          long share = Math.min(c, remaining);
          due.add(s);
          shares.add(share);
          remaining -= share;
        }
      }
    }
    if (due.isEmpty()) {
      return List.of();
    }
    List<List<byte[]>> k = new ArrayList<>(due.size());
    List<List<byte[]>> a = new ArrayList<>(due.size());
    for (int i = 0; i < due.size(); i++) {
      String tag = shards.tag(due.get(i));
      k.add(List.of(keys.expiryIndex(tag), keys.heldIndex(tag)));
      List<byte[]> args = new ArrayList<>(batches.common());
      args.add(Replies.bytes(shares.get(i)));
      args.add(prefix);
      a.add(args);
    }
    List<Hold> out = new ArrayList<>();
    for (Object reply : runner.evalAll(expire, k, a)) {
      for (Object o : (List<?>) reply) {
        List<Object> item = Replies.item(o);
        if (Replies.code(item) == Replies.OK) {
          HoldRef ref = ReplyCodec.member(Replies.text(item, 1) + "/" + Replies.text(item, 2));
          out.add(ReplyCodec.hold(ref, item, 3));
        } else {
          LOG.warn("a due hold could not be released and stays held: {}", Replies.text(item, 1));
        }
      }
    }
    return List.copyOf(out);
  }
}
