package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The account operations, single and batched: how each is encoded for its script ({@code
 * prepare.lua}, {@code resolve.lua}, {@code fulfill.lua}) and decoded ({@link ReplyCodec}). The
 * caller checked the arguments and holds the tracker's call gate.
 */
public final class AccountOps {
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] COMMIT = {'c'};
  private static final byte[] REJECT_HOLD = {'r'};
  private static final byte[] REJECT_UNIDENTIFIED = {'u'};

  private final Keys keys;
  private final SlotTags shards;
  private final SlotBatches batches;
  private final LuaScript prepare;
  private final LuaScript resolve;
  private final LuaScript fulfill;
  // Built once, not per call: a bound method reference is a new object at every evaluation.
  private final SlotBatches.Encoder<PrepareRequest> prepareEncoder = this::encodePrepare;
  private final SlotBatches.Encoder<Resolve> resolveEncoder = this::encodeResolve;
  private final SlotBatches.Encoder<Fulfill> fulfillEncoder = this::encodeFulfill;
  // The held and expiry index keys of each shard, built on first use and then shared (one shard on
  // a standalone server, up to 16,384 on a cluster); the arrays are never modified.
  private final AtomicReferenceArray<byte[]> heldIndexes;
  private final AtomicReferenceArray<byte[]> expiryIndexes;
  private final AtomicReferenceArray<byte[]> settlementIndexes;

  /**
   * Creates the operations.
   *
   * @param keys the key layout
   * @param shards the shards of the hold indexes
   * @param batches the account script runner
   * @param prepare the {@code prepare} script
   * @param resolve the {@code resolve} script
   * @param fulfill the {@code fulfill} script
   */
  public AccountOps(
      Keys keys,
      SlotTags shards,
      SlotBatches batches,
      LuaScript prepare,
      LuaScript resolve,
      LuaScript fulfill) {
    this.keys = keys;
    this.shards = shards;
    this.batches = batches;
    this.prepare = prepare;
    this.resolve = resolve;
    this.fulfill = fulfill;
    this.heldIndexes = new AtomicReferenceArray<>(shards.shards());
    this.expiryIndexes = new AtomicReferenceArray<>(shards.shards());
    this.settlementIndexes = new AtomicReferenceArray<>(shards.shards());
  }

  // ---- prepare ----

  /**
   * Prepares.
   *
   * @param request the request
   * @return the result
   */
  public PrepareResult prepare(PrepareRequest request) {
    return batches.one(prepare, request, prepareEncoder, ReplyCodec::prepare);
  }

  /**
   * Prepares in a batch.
   *
   * @param requests the requests
   * @return one outcome per request
   */
  public List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests) {
    return batches.run(
        prepare, requests, PrepareRequest::account, prepareEncoder, ReplyCodec::prepare);
  }

  /**
   * Appends a prepare's keys and arguments as {@link #prepare} sends them (after the common
   * arguments); public so that the client-side encoding can be measured alone
   * (persistence-benchmarks).
   *
   * @param r the request
   * @param k the script's keys
   * @param a the script's arguments
   */
  public void encodePrepare(PrepareRequest r, List<byte[]> k, List<byte[]> a) {
    accountKeys(r.account(), r.id(), k);
    a.add(Replies.bytes(r.amount()));
    a.add(r.minBalance() == null ? EMPTY : Replies.bytes(r.minBalance()));
    a.add(r.id() == null ? EMPTY : ascii(r.id().value()));
    a.add(r.expiresAt() == null ? EMPTY : Replies.bytes(r.expiresAt().toEpochMilli()));
  }

  /**
   * The five keys of a prepare or resolve item: account, operation record, journal, the slot's held
   * and expiry indexes (the account key stands in for those an unidentified item does not touch).
   */
  private void accountKeys(AccountId account, OperationId id, List<byte[]> k) {
    byte[] key = keys.account(account);
    k.add(key);
    if (id == null) {
      k.add(key);
      k.add(keys.journal(account));
      k.add(key);
      k.add(key);
      return;
    }
    int shard = shards.shard(account);
    k.add(keys.op(account, id.value()));
    k.add(keys.journal(account));
    k.add(heldIndex(shard));
    k.add(expiryIndex(shard));
  }

  private byte[] heldIndex(int shard) {
    byte[] key = heldIndexes.get(shard);
    if (key == null) {
      key = keys.heldIndex(shards.tag(shard));
      heldIndexes.set(shard, key); // a race builds equal arrays; either one is right
    }
    return key;
  }

  private byte[] expiryIndex(int shard) {
    byte[] key = expiryIndexes.get(shard);
    if (key == null) {
      key = keys.expiryIndex(shards.tag(shard));
      expiryIndexes.set(shard, key);
    }
    return key;
  }

  private byte[] settlementIndex(int shard) {
    byte[] key = settlementIndexes.get(shard);
    if (key == null) {
      key = keys.settlementIndex(shards.tag(shard));
      settlementIndexes.set(shard, key);
    }
    return key;
  }

  // ---- reject, commit ----

  /** One resolve item: a hold to commit or reject, or an unidentified prepare to reject. */
  private record Resolve(AccountId account, HoldRef hold, boolean commit, PrepareResult prepare) {
    static Resolve of(PrepareResult p) {
      return new Resolve(p.account(), p.hold().orElse(null), false, p);
    }

    static Resolve commit(HoldRef h) {
      return new Resolve(h.account(), h, true, null);
    }

    static Resolve reject(HoldRef h) {
      return new Resolve(h.account(), h, false, null);
    }
  }

  private void encodeResolve(Resolve r, List<byte[]> k, List<byte[]> a) {
    accountKeys(r.account(), r.hold() == null ? null : r.hold().id(), k);
    if (r.hold() == null) {
      a.add(REJECT_UNIDENTIFIED);
      a.add(EMPTY);
      a.add(EMPTY);
      a.add(Replies.bytes(r.prepare().fromPrepaid()));
      a.add(Replies.bytes(r.prepare().fromClearing()));
      return;
    }
    a.add(r.commit() ? COMMIT : REJECT_HOLD);
    a.add(ascii(r.hold().id().value()));
    a.add(r.prepare() == null ? EMPTY : Replies.bytes(r.prepare().amount()));
    a.add(EMPTY);
    a.add(EMPTY);
  }

  private static HoldResult decodeHold(Resolve r, List<Object> item) {
    return ReplyCodec.hold(
        r.hold(), r.commit(), r.prepare() == null ? null : r.prepare().amount(), item);
  }

  private static AccountBalance decodeReject(Resolve r, List<Object> item) {
    if (r.hold() == null) {
      return ReplyCodec.unidentifiedReject(r.prepare(), item);
    }
    return decodeHold(r, item).balance();
  }

  /**
   * Rejects a prepare (for an identified one: releases its hold).
   *
   * @param p the prepare
   * @return the balance after the reject
   */
  public AccountBalance reject(PrepareResult p) {
    return batches.one(resolve, Resolve.of(p), resolveEncoder, AccountOps::decodeReject);
  }

  /**
   * Rejects prepares in a batch.
   *
   * @param prepares the prepares
   * @return one outcome per prepare
   */
  public List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares) {
    return batches.run(
        resolve,
        prepares.stream().map(Resolve::of).toList(),
        Resolve::account,
        resolveEncoder,
        AccountOps::decodeReject);
  }

  /**
   * Commits a hold.
   *
   * @param hold the hold
   * @return the result
   */
  public HoldResult commit(HoldRef hold) {
    return batches.one(resolve, Resolve.commit(hold), resolveEncoder, AccountOps::decodeHold);
  }

  /**
   * Releases a hold.
   *
   * @param hold the hold
   * @return the result
   */
  public HoldResult reject(HoldRef hold) {
    return batches.one(resolve, Resolve.reject(hold), resolveEncoder, AccountOps::decodeHold);
  }

  /**
   * Commits or releases holds in a batch.
   *
   * @param holds the holds
   * @param commit commit ({@code true}) or release them
   * @return one outcome per hold
   */
  public List<Outcome<HoldResult>> resolveAll(List<HoldRef> holds, boolean commit) {
    return batches.run(
        resolve,
        holds.stream().map(commit ? Resolve::commit : Resolve::reject).toList(),
        Resolve::account,
        resolveEncoder,
        AccountOps::decodeHold);
  }

  /**
   * Appends a commit's keys and arguments as {@link #commit} sends them (after the common
   * arguments); public so that the client-side encoding can be measured alone.
   *
   * @param hold the hold
   * @param k the script's keys
   * @param a the script's arguments
   */
  public void encodeCommit(HoldRef hold, List<byte[]> k, List<byte[]> a) {
    encodeResolve(Resolve.commit(hold), k, a);
  }

  /**
   * Decodes a commit's reply item as {@link #commit} does; public so that the client-side decoding
   * can be measured alone.
   *
   * @param hold the hold
   * @param item the reply item
   * @return the result
   */
  public static HoldResult decodeCommit(HoldRef hold, List<Object> item) {
    return decodeHold(Resolve.commit(hold), item);
  }

  // ---- fulfill ----

  /** A fulfill with the key of the settlement it would open. */
  private record Fulfill(FulfillRequest request, UUID settlementKey) {
    static Fulfill of(FulfillRequest r) {
      return new Fulfill(r, r.settings().settleThreshold() == null ? null : randomUuid());
    }
  }

  /**
   * Fulfills.
   *
   * @param request the request
   * @return the result
   */
  public FulfillResult fulfill(FulfillRequest request) {
    return batches.one(fulfill, Fulfill.of(request), fulfillEncoder, AccountOps::decodeFulfill);
  }

  /**
   * Fulfills in a batch.
   *
   * @param requests the requests
   * @return one outcome per request
   */
  public List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests) {
    List<Fulfill> items = new ArrayList<>(requests.size());
    for (FulfillRequest r : requests) {
      items.add(Fulfill.of(r));
    }
    return batches.run(
        fulfill, items, f -> f.request().account(), fulfillEncoder, AccountOps::decodeFulfill);
  }

  /**
   * Appends a fulfill's keys and arguments as {@link #fulfill} sends them (after the common
   * arguments; a fresh settlement key when the settings have a threshold); public so that the
   * client-side encoding can be measured alone.
   *
   * @param r the request
   * @param k the script's keys
   * @param a the script's arguments
   */
  public void encodeFulfill(FulfillRequest r, List<byte[]> k, List<byte[]> a) {
    encodeFulfill(Fulfill.of(r), k, a);
  }

  private void encodeFulfill(Fulfill f, List<byte[]> k, List<byte[]> a) {
    FulfillRequest r = f.request();
    BalanceSettings s = r.settings();
    byte[] account = keys.account(r.account());
    k.add(account);
    if (f.settlementKey() == null) {
      k.add(account);
      k.add(account);
      k.add(account);
    } else {
      k.add(keys.settlement(r.account(), f.settlementKey()));
      k.add(keys.pending(r.account()));
      k.add(settlementIndex(shards.shard(r.account())));
    }
    k.add(keys.journal(r.account()));
    k.add(r.id() == null ? account : keys.op(r.account(), r.id().value()));
    a.add(Replies.bytes(r.amount()));
    if (f.settlementKey() == null) {
      a.add(EMPTY);
      a.add(EMPTY);
      a.add(EMPTY);
      a.add(EMPTY);
    } else {
      a.add(Replies.bytes(s.settleThreshold()));
      a.add(Replies.bytes(s.settleTo()));
      a.add(ascii(f.settlementKey().toString()));
      a.add(ascii(new SettlementId(r.account(), f.settlementKey()).toString()));
    }
    a.add(r.id() == null ? EMPTY : ascii(r.id().value()));
  }

  private static FulfillResult decodeFulfill(Fulfill f, List<Object> item) {
    return ReplyCodec.fulfill(f.request(), f.settlementKey(), item);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A random version-4 UUID from a fast generator: settlement keys need uniqueness, not secrecy.
   */
  private static UUID randomUuid() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
