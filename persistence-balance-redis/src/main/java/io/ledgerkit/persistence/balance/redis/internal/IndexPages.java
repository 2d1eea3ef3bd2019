package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Pages through a per-shard index (the held holds, or the pending settlements) of every shard in
 * shard order, and within a shard in member order ({@code ZRANGEBYLEX}), so an entry listed
 * throughout the iteration is seen exactly once. Shards are probed in pipelines of growing size
 * ({@code EXISTS}, one round trip per node and chunk on a cluster) and only those with an index are
 * read by the page script, so a page costs its size plus one cheap probe per empty shard it skips.
 *
 * @param <T> what a page lists
 */
public final class IndexPages<T> {
  private static final int MAX_CHUNK = 1024;

  private final ScriptRunner runner;
  private final SlotTags shards;
  private final LuaScript page;
  private final Function<String, byte[]> index;
  private final String listing;
  private final Function<String, IllegalArgumentException> foreign;
  private final byte[] kind;
  private final BiFunction<String, List<Object>, T> decode;
  private final byte[] prefix;

  /**
   * Creates a pager.
   *
   * @param runner the script runner
   * @param keys the key layout
   * @param shards the shards
   * @param page the {@code page} script
   * @param index the index key of a shard's tag
   * @param listing the cursor prefix of this listing ({@code h1:} or {@code s1:})
   * @param foreign the refusal of a cursor this listing did not return
   * @param kind what the page script reads for a member: {@code h} holds, {@code s} settlements
   * @param decode the item of a listed member from its reply (member, then the script's fields)
   */
  public IndexPages(
      ScriptRunner runner,
      Keys keys,
      SlotTags shards,
      LuaScript page,
      Function<String, byte[]> index,
      String listing,
      Function<String, IllegalArgumentException> foreign,
      char kind,
      BiFunction<String, List<Object>, T> decode) {
    this.runner = runner;
    this.shards = shards;
    this.page = page;
    this.index = index;
    this.listing = listing;
    this.foreign = foreign;
    this.kind = new byte[] {(byte) kind};
    this.decode = decode;
    this.prefix = keys.prefix().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a cursor of this listing.
   *
   * @param cursor the text, or {@code null} for the start
   * @return the position
   * @throws IllegalArgumentException naming the text when this listing did not return it
   */
  public IndexCursor parse(String cursor) {
    return IndexCursor.parse(listing, cursor, shards.shards(), foreign);
  }

  /** The shards in [from, to) whose index exists: one pipelined EXISTS each, cheaper. */
  private List<Integer> present(int from, int to) {
    if (to - from == 1) {
      return List.of(from);
    }
    List<byte[]> k = new ArrayList<>(to - from);
    for (int s = from; s < to; s++) {
      k.add(index.apply(shards.tag(s)));
    }
    List<Boolean> exists = runner.readAll("EXISTS of the indexes", k, (p, key) -> p.exists(key));
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
   * One page of items.
   *
   * @param items the items listed
   * @param next the cursor of the next page, or {@code null} at the end
   * @param <T> what is listed
   */
  public record Page<T>(List<T> items, String next) {}

  /**
   * Reads one page.
   *
   * @param at where to start
   * @param limit the most items
   * @return the page
   */
  public Page<T> page(IndexCursor at, int limit) {
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
        k.add(List.of(index.apply(shards.tag(s))));
        a.add(
            List.of(
                (s == shard ? after : "").getBytes(StandardCharsets.UTF_8),
                Replies.bytes(want),
                prefix,
                kind));
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
    List<T> items = new ArrayList<>(Math.min(limit, entries.size()));
    for (int i = 0; i < Math.min(limit, entries.size()); i++) {
      Entry e = entries.get(i);
      if (e.item().size() > 1) {
        items.add(decode.apply(e.member(), e.item()));
      }
    }
    String next = null;
    if (entries.size() > limit) {
      Entry last = entries.get(limit - 1);
      next = new IndexCursor(last.shard(), last.member()).text(listing);
    }
    return new Page<>(items, next);
  }
}
