package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.UnknownSettlementException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;

/**
 * Outgoing settlements on Redis: closing one (one script in the account's slot; a repeat of the
 * same close answers the same) and listing the pending ones, from each account's pending index
 * (every node of a cluster scanned for the indexes).
 */
public final class Settlements {

  private static final byte[] SUCCEEDED = {'s'};
  private static final byte[] FAILED = {'f'};

  private final ScriptRunner runner;
  private final SlotBatches batches;
  private final UnifiedJedis jedis;
  private final Keys keys;
  private final LuaScript close;
  private final byte[] retentionMillis;

  /**
   * Creates the settlement operations.
   *
   * @param runner the script runner
   * @param batches the slot batches close scripts run through
   * @param jedis the client the pending indexes are read with
   * @param keys the key layout
   * @param close the close script
   * @param retentionMillis how long a closed settlement is remembered, in milliseconds
   */
  public Settlements(
      ScriptRunner runner,
      SlotBatches batches,
      UnifiedJedis jedis,
      Keys keys,
      LuaScript close,
      byte[] retentionMillis) {
    this.runner = runner;
    this.batches = batches;
    this.jedis = jedis;
    this.keys = keys;
    this.close = close;
    this.retentionMillis = retentionMillis;
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
        List.of(keys.account(a), keys.settlement(a, id.key()), keys.pending(a), keys.journal(a)),
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
    addPending(account, index, list);
    list.sort(Comparator.comparingLong(Pending::sequence));
    return list.stream().map(Pending::settlement).toList();
  }

  /**
   * The pending settlements of every account, by the time they were opened.
   *
   * @return the settlements
   */
  public List<PendingSettlement> pending() {
    byte[] pattern = keys.pendingPattern();
    List<byte[]> found = new ArrayList<>();
    runner.call(
        "SCAN for pending settlements",
        () -> {
          if (!runner.cluster()) {
            found.addAll(ScriptRunner.scan(jedis, pattern));
            return null;
          }
          Set<String> seen = new HashSet<>();
          for (ConnectionPool pool : runner.clusterNodes().values()) {
            try (Connection c = pool.getResource()) {
              for (byte[] k : ScriptRunner.scan(new Jedis(c), pattern)) {
                if (seen.add(new String(k, StandardCharsets.UTF_8))) {
                  found.add(k);
                }
              }
            }
          }
          return null;
        });
    List<Pending> all = new ArrayList<>();
    for (byte[] key : found) {
      AccountId account = keys.accountOf(key);
      addPending(account, runner.call("HGETALL of " + account, () -> jedis.hgetAll(key)), all);
    }
    all.sort(Pending.ORDER);
    return all.stream().map(Pending::settlement).toList();
  }

  private static void addPending(AccountId account, Map<byte[], byte[]> index, List<Pending> out) {
    for (Map.Entry<byte[], byte[]> e : index.entrySet()) {
      String v = new String(e.getValue(), StandardCharsets.US_ASCII);
      int c1 = v.indexOf(':');
      int c2 = v.indexOf(':', c1 + 1);
      UUID key = UUID.fromString(new String(e.getKey(), StandardCharsets.US_ASCII));
      out.add(
          new Pending(
              Long.parseLong(v.substring(0, c1)),
              Long.parseLong(v.substring(c1 + 1, c2)),
              new PendingSettlement(
                  new SettlementId(account, key), account, Long.parseLong(v.substring(c2 + 1)))));
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private record Pending(long micros, long sequence, PendingSettlement settlement) {
    static final Comparator<Pending> ORDER =
        Comparator.comparingLong(Pending::micros)
            .thenComparing(p -> p.settlement().account())
            .thenComparingLong(Pending::sequence);
  }
}
