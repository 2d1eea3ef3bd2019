package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.Retention;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The read scripts of one account on Redis: a hold by its operation id, the account's held holds
 * and its journal (entries past the retention's age left out), each decoded from the script's
 * reply.
 */
public final class HoldReads {

  private final ScriptRunner runner;
  private final Keys keys;
  private final SlotTags shards;
  private final Retention retention;
  private final LuaScript hold;
  private final LuaScript held;
  private final LuaScript journal;

  /**
   * Creates the reads.
   *
   * @param runner the script runner
   * @param keys the key layout
   * @param shards the slot tags of the held-hold indexes
   * @param retention the journal's retention
   * @param hold the script reading one hold
   * @param held the script listing an account's held holds
   * @param journal the script reading a journal
   */
  public HoldReads(
      ScriptRunner runner,
      Keys keys,
      SlotTags shards,
      Retention retention,
      LuaScript hold,
      LuaScript held,
      LuaScript journal) {
    this.runner = runner;
    this.keys = keys;
    this.shards = shards;
    this.retention = retention;
    this.hold = hold;
    this.held = held;
    this.journal = journal;
  }

  /**
   * A hold, held or resolved.
   *
   * @param ref the hold
   * @return the hold, or empty when its id names no hold
   */
  public Optional<Hold> hold(HoldRef ref) {
    List<Object> item =
        Replies.item(
            runner.evalRead(hold, List.of(keys.op(ref.account(), ref.id().value())), List.of()));
    switch (Replies.code(item)) {
      case Replies.OK:
        return Optional.of(ReplyCodec.hold(ref, item, 1));
      case Replies.UNKNOWN:
      case Replies.CONFLICT:
        return Optional.empty();
      default:
        throw ReplyCodec.refusal(ref.account(), item);
    }
  }

  /**
   * The held holds of an account.
   *
   * @param account the account
   * @return the holds
   */
  public List<Hold> held(AccountId account) {
    Object reply =
        runner.evalRead(
            held,
            List.of(keys.heldIndex(shards.tag(shards.shard(account))), keys.account(account)),
            List.of(account.value().getBytes(StandardCharsets.US_ASCII)));
    List<Hold> out = new ArrayList<>();
    for (Object o : (List<?>) reply) {
      List<Object> h = Replies.item(o);
      out.add(ReplyCodec.held(new HoldRef(account, OperationId.of(Replies.text(h, 0))), h, 1));
    }
    return List.copyOf(out);
  }

  /**
   * Journal entries of an account from a sequence on.
   *
   * @param account the account
   * @param fromSequence the first sequence wanted
   * @param limit at most this many
   * @return the entries, oldest first
   */
  public List<JournalEntry> journal(AccountId account, long fromSequence, int limit) {
    Object reply =
        runner.evalRead(
            journal,
            List.of(keys.journal(account)),
            List.of(
                Replies.bytes(fromSequence),
                Replies.bytes(limit),
                Replies.bytes(
                    retention.journalAge() == null ? 0 : retention.journalAge().toMillis())));
    List<JournalEntry> out = new ArrayList<>();
    for (Object o : (List<?>) reply) {
      out.add(ReplyCodec.journal(account, (byte[]) o));
    }
    return List.copyOf(out);
  }
}
