package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incoming settlements, applied once per idempotency key across slots: a claim in the key's own
 * slot binds the key to one account and amount, then the account's script applies it once (its own
 * record of the key answers a repeat).
 */
public final class IncomingSettlements {
  private static final Logger LOG = LoggerFactory.getLogger(IncomingSettlements.class);

  /**
   * How much longer than the account's record of an incoming key its claim lives. The claim is
   * (re)started just before the apply writes the record, so it expires after the record unless one
   * call spends more than this between its two steps; a claim that expired first would let the key
   * be applied on a second account while the first still remembers it.
   */
  private static final long CLAIM_MARGIN_MILLIS = 60_000;

  /**
   * How long one call holds an incoming-settlement claim while it applies the key. Another call
   * with the same key waits (at most {@link #CLAIM_WAIT}) while it is held; once the lease has run
   * out (the holder died between its two steps), a call with the same account and amount takes the
   * claim over. It must outlast the longest time between a call's claim and its apply landing.
   */
  public static final Duration CLAIM_LEASE = Duration.ofSeconds(30);

  private static final byte[] CLAIM_LEASE_MILLIS = Replies.bytes(CLAIM_LEASE.toMillis());

  /** How long a call waits for another call holding the claim of the same key. */
  private static final Duration CLAIM_WAIT = Duration.ofSeconds(2);

  private static final byte[] CLAIM_TAKE = "take".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLAIM_BIND = "bind".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLAIM_RELEASE = "release".getBytes(StandardCharsets.US_ASCII);

  private final ScriptRunner runner;
  private final SlotBatches batches;
  private final Keys keys;
  private final LuaScript claimScript;
  private final LuaScript incoming;
  private final byte[] retentionMillis;
  private final byte[] claimRetentionMillis;

  /**
   * Creates the applier.
   *
   * @param runner the script runner
   * @param batches the account script runner (common arguments)
   * @param keys the key layout
   * @param claim the {@code claim} script
   * @param incoming the {@code incoming} script
   * @param retention how long the account's record of a key is kept
   */
  public IncomingSettlements(
      ScriptRunner runner,
      SlotBatches batches,
      Keys keys,
      LuaScript claim,
      LuaScript incoming,
      Duration retention) {
    this.runner = runner;
    this.batches = batches;
    this.keys = keys;
    this.claimScript = claim;
    this.incoming = incoming;
    this.retentionMillis = Replies.bytes(retention.toMillis());
    this.claimRetentionMillis = Replies.bytes(retention.toMillis() + CLAIM_MARGIN_MILLIS);
  }

  /**
   * Applies an incoming settlement once per idempotency key (see {@link
   * io.ledgerkit.persistence.balance.BalanceTracker#incomingSettlement}); the caller checked the
   * arguments.
   *
   * @param idempotencyKey the key
   * @param account the account
   * @param amount the amount
   * @return the first result of the key
   */
  public IncomingSettlementResult apply(String idempotencyKey, AccountId account, long amount) {
    {
      byte[] amountBytes = Replies.bytes(amount);
      byte[] claimKey = keys.claim(idempotencyKey);
      byte[] value = (account.value() + " " + amount).getBytes(StandardCharsets.US_ASCII);
      byte[] token = randomUuid().toString().getBytes(StandardCharsets.US_ASCII);
      // 1. bind the key to this account and amount (a key in its own slot, checked first); while
      // another call holds the claim (it is applying the same key right now) wait for it
      boolean held = takeClaim(idempotencyKey, account, amount, claimKey, value, token);
      // 2. apply it once on the account (idempotent by the account's own record of the key)
      List<Object> item;
      try {
        item =
            Replies.item(
                batches.eval(
                    incoming,
                    List.of(
                        keys.account(account),
                        keys.incoming(account, idempotencyKey),
                        keys.journal(account)),
                    List.of(
                        amountBytes,
                        retentionMillis,
                        idempotencyKey.getBytes(StandardCharsets.US_ASCII))));
      } catch (IllegalStateException dataError) {
        // the script checks everything before its first write: nothing was applied
        if (held) {
          release(idempotencyKey, claimKey, value, token);
        }
        throw dataError;
      }
      switch (Replies.code(item)) {
        case Replies.OK:
          if (held) {
            bind(idempotencyKey, claimKey, value, token);
          }
          return new IncomingSettlementResult(
              idempotencyKey,
              account,
              amount,
              Replies.number(item, 1),
              Replies.number(item, 2),
              new AccountBalance(account, Replies.number(item, 3), Replies.number(item, 4)));
        case Replies.CONFLICT:
          // the account's record binds the key (to another amount): the claim stays
          throw conflict(idempotencyKey, Replies.text(item, 1), account.value(), amount, account);
        default:
          // refused (overflow): nothing recorded, so the key stays free. The release only deletes
          // the claim while this call still holds it: a call that took it over after this call's
          // lease ran out may have applied it, and its claim stays.
          if (held) {
            release(idempotencyKey, claimKey, value, token);
          }
          throw ReplyCodec.refusal(account, item);
      }
    }
  }

  /**
   * Takes the claim of an idempotency key for this call.
   *
   * @return whether this call holds it now (and must bind or release it); {@code false} when it was
   *     already bound to the same account and amount
   */
  private boolean takeClaim(
      String idempotencyKey,
      AccountId account,
      long amount,
      byte[] claimKey,
      byte[] value,
      byte[] token) {
    long deadline = System.nanoTime() + CLAIM_WAIT.toNanos();
    long pause = 1;
    while (true) {
      List<Object> claim = claim(CLAIM_TAKE, claimKey, value, token);
      switch (Replies.code(claim)) {
        case Replies.OK:
          return claim.size() > 1 && Long.valueOf(1).equals(claim.get(1));
        case Replies.CONFLICT:
          String earlier = Replies.text(claim, 1);
          int space = earlier.indexOf(' ');
          throw conflict(
              idempotencyKey,
              earlier.substring(space + 1),
              earlier.substring(0, space),
              amount,
              account);
        case Replies.HELD:
          if (System.nanoTime() - deadline > 0) {
            throw BalanceStoreUnavailableException.notApplied(
                "Redis balance store "
                    + runner.store()
                    + ": the incoming settlement with idempotency key '"
                    + idempotencyKey
                    + "' is being applied by another call right now (its claim is held for at"
                    + " most "
                    + CLAIM_LEASE.toSeconds()
                    + " s more); this call applied nothing; retry",
                null);
          }
          try {
            Thread.sleep(pause);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BalanceStoreUnavailableException.notApplied(
                "interrupted while waiting for another call applying idempotency key '"
                    + idempotencyKey
                    + "'; this call applied nothing",
                e);
          }
          pause = Math.min(pause * 2, 50);
          break;
        default:
          throw ReplyCodec.refusal(account, claim);
      }
    }
  }

  /**
   * Binds this call's claim after its apply succeeded. If Redis fails now, the settlement still
   * stands and is reported: the claim stays held (other accounts and amounts still conflict) and a
   * repeat with the same account and amount takes it over when its lease runs out.
   */
  private void bind(String idempotencyKey, byte[] claimKey, byte[] value, byte[] token) {
    try {
      claim(CLAIM_BIND, claimKey, value, token);
    } catch (BalanceStoreUnavailableException | IllegalStateException e) {
      LOG.warn(
          "could not bind the claim of idempotency key '{}' after its incoming settlement was"
              + " applied; it stays held until its lease runs out",
          idempotencyKey,
          e);
    }
  }

  /**
   * Releases this call's claim after its apply was refused. If Redis fails now, the refusal still
   * stands; the claim stays held until its lease runs out, then a call with the same account and
   * amount takes it over.
   */
  private void release(String idempotencyKey, byte[] claimKey, byte[] value, byte[] token) {
    try {
      claim(CLAIM_RELEASE, claimKey, value, token);
    } catch (BalanceStoreUnavailableException | IllegalStateException e) {
      LOG.warn(
          "could not release the claim of idempotency key '{}' after a refused incoming"
              + " settlement; it is released when its lease runs out",
          idempotencyKey,
          e);
    }
  }

  private List<Object> claim(byte[] action, byte[] claimKey, byte[] value, byte[] token) {
    return Replies.item(
        runner.eval(
            claimScript,
            List.of(claimKey),
            List.of(action, value, token, claimRetentionMillis, CLAIM_LEASE_MILLIS)));
  }

  private static SettlementConflictException conflict(
      String key, String earlierAmount, String earlierAccount, long amount, AccountId account) {
    return SettlementConflictException.keyReused(
        key, earlierAccount, earlierAmount, account, amount);
  }

  private static UUID randomUuid() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
