package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldPage;
import io.ledgerkit.persistence.balance.HoldRef;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages through the held indexes of every shard in shard order, and within a shard in member order
 * ({@code ZRANGEBYLEX}), so a hold held throughout the iteration is seen exactly once. Shards are
 * probed in pipelines of growing size ({@code EXISTS}, one round trip per node and chunk on a
 * cluster) and only those with an index are read by the page script, so a page costs its size plus
 * one cheap probe per empty shard it skips.
 */
public final class HoldPages {
  private static final int MAX_CHUNK = 1024;

  private final ScriptRunner runner;
  private final Keys keys;
  private final SlotTags shards;
  private final LuaScript page;
  private final byte[] prefix;

  /**
   * Creates the pager.
   *
   * @param runner the script runner
   * @param keys the key layout
   * @param shards the shards
   * @param page the {@code page} script
   */
  public HoldPages(ScriptRunner runner, Keys keys, SlotTags shards, LuaScript page) {
    this.runner = runner;
    this.keys = keys;
    this.shards = shards;
    this.page = page;
    this.prefix = keys.prefix().getBytes(StandardCharsets.UTF_8);
  }

  /** The shards in [from, to) whose held index exists: one pipelined EXISTS each, cheaper. */
  private List<Integer> present(int from, int to) {
    if (to - from == 1) {
      return List.of(from);
    }
    List<byte[]> k = new ArrayList<>(to - from);
    for (int s = from; s < to; s++) {
      k.add(keys.heldIndex(shards.tag(s)));
    }
    List<Boolean> exists =
        runner.readAll("EXISTS of the held indexes", k, (p, key) -> p.exists(key));
    List<Integer> out = new ArrayList<>();
    for (int s = from; s < to; s++) {
      if (exists.get(s - from)) {
        out.add(s);
      }
    }
    return out;
  }

  private record Entry(int shard, String member, List<Object> item) {}

  /**
   * Reads one page.
   *
   * @param at where to start
   * @param limit the most holds
   * @return the page
   */
  public HoldPage page(HoldCursor at, int limit) {
    List<Entry> entries = new ArrayList<>();
    int shard = at.shard();
    String after = at.after();
    int chunk = 1;
    int n = shards.shards();
    outer:
    while (shard < n) {
      int end = Math.min(n, shard + chunk);
      int want = limit + 1 - entries.size();
      List<Integer> present = present(shard, end);
      List<List<byte[]>> k = new ArrayList<>(present.size());
      List<List<byte[]>> a = new ArrayList<>(present.size());
      for (int s : present) {
        k.add(List.of(keys.heldIndex(shards.tag(s))));
        a.add(
            List.of(
                (s == shard ? after : "").getBytes(StandardCharsets.UTF_8),
                Replies.bytes(want),
                prefix));
      }
      List<Object> replies = List.of();
      try {
        if (!present.isEmpty()) {
          replies = runner.evalAll(page, k, a);
        }
      } catch (BalanceStoreUnavailableException e) {
        throw e.mayHaveBeenApplied()
            ? BalanceStoreUnavailableException.notApplied(
                e.getMessage() + " (a read: nothing was applied)", e)
            : e;
      }
      for (int i = 0; i < present.size(); i++) {
        int s = present.get(i);
        for (Object o : (List<?>) replies.get(i)) {
          List<Object> item = Replies.item(o);
          entries.add(new Entry(s, Replies.text(item, 0), item));
          if (entries.size() > limit) {
            break outer;
          }
        }
      }
      shard = end;
      after = "";
      chunk = Math.min(chunk * 4, MAX_CHUNK);
    }
    List<Hold> holds = new ArrayList<>(Math.min(limit, entries.size()));
    for (int i = 0; i < Math.min(limit, entries.size()); i++) {
      Entry e = entries.get(i);
      if (e.item().size() > 1) {
        HoldRef ref = ReplyCodec.member(e.member());
        holds.add(ReplyCodec.held(ref, e.item(), 1));
      }
    }
    String next = null;
    if (entries.size() > limit) {
      Entry last = entries.get(limit - 1);
      next = new HoldCursor(last.shard(), last.member()).text();
    }
    return new HoldPage(holds, next);
  }
}
