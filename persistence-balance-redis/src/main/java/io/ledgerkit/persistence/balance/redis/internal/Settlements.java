package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.UnknownSettlementException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * Outgoing settlements on Redis: closing one (one script in the account's slot, which also takes it
 * out of its slot's pending-settlement index; a repeat of the same close answers the same), listing
 * one account's pending ones from its pending index, and the one-time backfill of the slot indexes
 * with settlements opened before they existed (every node of a cluster scanned for the accounts'
 * pending indexes).
 */
public final class Settlements {

  private static final byte[] SUCCEEDED = {'s'};
  private static final byte[] FAILED = {'f'};

  private final ScriptRunner runner;
  private final SlotBatches batches;
  private final UnifiedJedis jedis;
  private final Keys keys;
  private final SlotTags shards;
  private final LuaScript close;
  private final LuaScript index;
  private final byte[] retentionMillis;

  /**
   * Creates the settlement operations.
   *
   * @param runner the script runner
   * @param batches the slot batches close scripts run through
   * @param jedis the client the pending indexes are read with
   * @param keys the key layout
   * @param shards the shards of the slot indexes
   * @param close the close script
   * @param index the backfill script
   * @param retentionMillis how long a closed settlement is remembered, in milliseconds
   */
  public Settlements(
      ScriptRunner runner,
      SlotBatches batches,
      UnifiedJedis jedis,
      Keys keys,
      SlotTags shards,
      LuaScript close,
      LuaScript index,
      byte[] retentionMillis) {
    this.runner = runner;
    this.batches = batches;
    this.jedis = jedis;
    this.keys = keys;
    this.shards = shards;
    this.close = close;
    this.index = index;
    this.retentionMillis = retentionMillis;
  }

  /**
   * The pending-settlement index of an account's slot.
   *
   * @param account the account
   * @return the index key
   */
  public byte[] slotIndex(AccountId account) {
    return keys.settlementIndex(shards.tag(shards.shard(account)));
  }

  /**
   * Runs the close script of a settlement.
   *
   * @param id the settlement
   * @param status how it ended
   * @return the script's reply, for {@link #outcome}
   */
  public Object close(SettlementId id, SettlementOutcome.Status status) {
    AccountId a = id.account();
    return batches.eval(
        close,
        List.of(
            keys.account(a),
            keys.settlement(a, id.key()),
            keys.pending(a),
            keys.journal(a),
            slotIndex(a)),
        List.of(
            status == SettlementOutcome.Status.SUCCEEDED ? SUCCEEDED : FAILED,
            ascii(id.key().toString()),
            retentionMillis,
            ascii(id.toString())));
  }

  /**
   * The outcome of a close from the script's reply.
   *
   * @param id the settlement
   * @param status how it was asked to end
   * @param reply the reply of {@link #close}
   * @return the outcome
   * @throws UnknownSettlementException when the settlement is unknown
   * @throws SettlementConflictException when it was closed the other way
   */
  public static SettlementOutcome outcome(
      SettlementId id, SettlementOutcome.Status status, Object reply) {
    AccountId a = id.account();
    List<Object> item = Replies.item(reply);
    switch (Replies.code(item)) {
      case Replies.OK:
        return new SettlementOutcome(new PendingSettlement(id, a, Replies.number(item, 1)), status);
      case Replies.UNKNOWN:
        throw new UnknownSettlementException(id);
      case Replies.CONFLICT:
        SettlementOutcome.Status earlier =
            "s".equals(Replies.text(item, 1))
                ? SettlementOutcome.Status.SUCCEEDED
                : SettlementOutcome.Status.FAILED;
        throw SettlementConflictException.alreadyClosed(id, earlier, status);
      default:
        throw ReplyCodec.refusal(a, item);
    }
  }

  /**
   * The pending settlements of one account, oldest first.
   *
   * @param account the account
   * @return the settlements
   */
  public List<PendingSettlement> pending(AccountId account) {
    byte[] key = keys.pending(account);
    Map<byte[], byte[]> index = runner.call("HGETALL of " + account, () -> jedis.hgetAll(key));
    List<Pending> list = new ArrayList<>(index.size());
    for (Map.Entry<byte[], byte[]> e : index.entrySet()) {
      // the value is "<opened micros>:<sequence>:<amount>"; the order is the account's sequence,
      // and the time is parsed only so that a damaged value fails here as the others do
      String v = new String(e.getValue(), StandardCharsets.US_ASCII);
      int c1 = v.indexOf(':');
      int c2 = v.indexOf(':', c1 + 1);
      Long.parseLong(v.substring(0, c1));
      UUID settlementKey = UUID.fromString(new String(e.getKey(), StandardCharsets.US_ASCII));
      list.add(
          new Pending(
              Long.parseLong(v.substring(c1 + 1, c2)),
              new PendingSettlement(
                  new SettlementId(account, settlementKey),
                  account,
                  Long.parseLong(v.substring(c2 + 1)))));
    }
    list.sort(Comparator.comparingLong(Pending::sequence));
    return list.stream().map(Pending::settlement).toList();
  }

  /**
   * Whether the one-time backfill of the slot indexes has completed on this store.
   *
   * @return {@code true} when its marker is present
   */
  public boolean indexed() {
    byte[] marker = keys.settlementIndexComplete();
    return runner.call(
        "reading " + keys.prefix() + "ix:settle:complete", () -> jedis.exists(marker));
  }

  /**
   * Adds every pending settlement found in the accounts' pending indexes to its slot's index (one
   * {@code index} script per account, pipelined a {@code SCAN} batch at a time, so memory is
   * bounded by the batch), then sets the completion marker. Idempotent, and safe while settlements
   * open and close: each account is indexed atomically in its slot. Costs one {@code SCAN} of the
   * keyspace (of each node of a cluster) plus one script per account with a pending settlement.
   *
   * @return how many settlements were added (those already indexed are not counted)
   */
  public long backfill() {
    byte[] pattern = keys.pendingPattern();
    long[] added = {0};
    Consumer<List<byte[]>> batch =
        found -> {
          List<List<byte[]>> k = new ArrayList<>(found.size());
          List<List<byte[]>> a = new ArrayList<>(found.size());
          for (byte[] key : found) {
            AccountId account;
            try {
              account = keys.accountOf(key);
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
              continue; // not an account's pending index
            }
            if (!Arrays.equals(key, keys.pending(account))) {
              continue; // another key that happens to match the pattern
            }
            k.add(List.of(key, slotIndex(account)));
            a.add(List.of(ascii(account.value())));
          }
          if (!k.isEmpty()) {
            for (Object r : runner.evalAll(index, k, a)) {
              added[0] += (Long) r;
            }
          }
        };
    runner.call(
        "SCAN for pending settlements to index",
        () -> {
          if (!runner.cluster()) {
            ScriptRunner.scan(jedis, pattern, batch);
            return null;
          }
          for (ConnectionPool pool : runner.clusterNodes().values()) {
            try (Connection c = pool.getResource()) {
              ScriptRunner.scan(new Jedis(c), pattern, batch);
            }
          }
          return null;
        });
    byte[] marker = keys.settlementIndexComplete();
    runner.call(
        "setting " + keys.prefix() + "ix:settle:complete", () -> jedis.set(marker, ascii("1")));
    return added[0];
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private record Pending(long sequence, PendingSettlement settlement) {}
}
