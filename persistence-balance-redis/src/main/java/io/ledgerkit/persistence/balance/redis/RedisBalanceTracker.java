package io.ledgerkit.persistence.balance.redis;

import static io.ledgerkit.persistence.balance.internal.Amounts.requireAccount;
import static io.ledgerkit.persistence.balance.internal.Amounts.requireItems;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceOverflowException;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.InsufficientBalanceException;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.SettlementConflictException;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.UnknownSettlementException;
import io.ledgerkit.persistence.balance.internal.Amounts;
import io.ledgerkit.persistence.balance.internal.CallGate;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.balance.redis.internal.LuaScript;
import io.ledgerkit.persistence.balance.redis.internal.RedisEndpoint;
import io.ledgerkit.persistence.balance.redis.internal.Replies;
import io.ledgerkit.persistence.balance.redis.internal.ScriptRunner;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A {@link BalanceTracker} on Redis (standalone or Redis Cluster), through Jedis.
 *
 * <p>Every operation is one Lua script run with {@code EVALSHA}, so it is atomic on the server.
 * Balances are kept as decimal strings and computed in Lua with exact integer arithmetic (Redis Lua
 * numbers are doubles, exact only up to 2<sup>53</sup>), checked against the signed 64-bit range
 * before anything is written. Every key of an account carries the account id as a hash tag (<code>
 * &lt;prefix&gt;{&lt;account&gt;}</code>), so each script touches one cluster slot. Batch forms run
 * one script call per batch on a standalone server and one per slot, in parallel, on a cluster.
 *
 * <pre>{@code
 * try (RedisBalanceTracker tracker =
 *     RedisBalanceTracker.builder().url("redis://127.0.0.1:6379").build()) {
 *   PrepareResult p = tracker.prepare(AccountId.of("alice"), 100, -1_000);
 *   tracker.reject(p);
 * }
 * }</pre>
 *
 * <p>A failure of the connection or a timeout raises {@link BalanceStoreUnavailableException}; the
 * tracker keeps working once Redis answers again. Scripts removed by {@code SCRIPT FLUSH} or a
 * failover are reloaded on demand. Data under the tracker's prefix that it did not write (a
 * malformed balance, a key of another Redis type) raises {@link IllegalStateException} naming it,
 * since retrying cannot help; nothing is written.
 */
public final class RedisBalanceTracker implements BalanceTracker {
  private static final Logger LOG = LoggerFactory.getLogger(RedisBalanceTracker.class);

  /** The default key prefix. */
  public static final String DEFAULT_KEY_PREFIX = "ledgerkit:balance:";

  /** The default connect timeout of a client created from a URL. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(500);

  /** The default socket (read) timeout of a client created from a URL. */
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(1);

  /** How long closed settlements and incoming-settlement keys are remembered by default. */
  public static final Duration DEFAULT_IDEMPOTENCY_RETENTION = Duration.ofHours(24);

  /**
   * The longest idempotency retention (100 years). Redis refuses a longer expiry only after a
   * script has already written, which would leave a settlement close half-applied.
   */
  public static final Duration MAX_IDEMPOTENCY_RETENTION = Duration.ofDays(36_500);

  private static final LuaScript PREPARE = LuaScript.load("prepare");
  private static final LuaScript REJECT = LuaScript.load("reject");
  private static final LuaScript FULFILL = LuaScript.load("fulfill");
  private static final LuaScript CLOSE = LuaScript.load("close");
  private static final LuaScript CLAIM = LuaScript.load("claim");
  private static final LuaScript INCOMING = LuaScript.load("incoming");
  private static final List<LuaScript> SCRIPTS =
      List.of(PREPARE, REJECT, FULFILL, CLOSE, CLAIM, INCOMING);

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
  private static final Duration CLAIM_LEASE = Duration.ofSeconds(30);

  private static final byte[] CLAIM_LEASE_MILLIS = Replies.bytes(CLAIM_LEASE.toMillis());

  /** How long a call waits for another call holding the claim of the same key. */
  private static final Duration CLAIM_WAIT = Duration.ofSeconds(2);

  private static final byte[] CLAIM_TAKE = "take".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLAIM_BIND = "bind".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] CLAIM_RELEASE = "release".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] CLEARING = {'c'};
  private static final byte[] PREPAID = {'p'};
  private static final byte[] SUCCEEDED = {'s'};
  private static final byte[] FAILED = {'f'};

  private final ScriptRunner runner;
  private final UnifiedJedis jedis;
  private final boolean ownsClient;
  private final Keys keys;
  private final Duration retention;
  private final byte[] retentionMillis;
  private final byte[] claimRetentionMillis;
  private final ExecutorService slotExecutor;
  private final CallGate gate = new CallGate("Redis balance tracker");
  private final Duration callTimeout;

  private RedisBalanceTracker(Builder b, UnifiedJedis jedis, boolean owns, String store) {
    this.jedis = jedis;
    this.ownsClient = owns;
    this.keys = new Keys(b.keyPrefix);
    this.retention = b.retention;
    this.retentionMillis = Replies.bytes(b.retention.toMillis());
    this.claimRetentionMillis = Replies.bytes(b.retention.toMillis() + CLAIM_MARGIN_MILLIS);
    boolean cluster;
    try {
      cluster = ScriptRunner.isCluster(jedis, store);
      this.runner = new ScriptRunner(jedis, cluster, store);
      runner.loadEverywhere(SCRIPTS);
    } catch (RuntimeException e) {
      if (owns) {
        jedis.close();
      }
      throw e;
    }
    this.callTimeout = callTimeout(b.connectTimeout, b.socketTimeout);
    this.slotExecutor = cluster ? Executors.newCachedThreadPool(daemonThreads()) : null;
    LOG.debug("Redis balance tracker on {} (cluster: {}, prefix {})", store, cluster, b.keyPrefix);
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults: prefix {@value #DEFAULT_KEY_PREFIX}, retention 24 hours
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Creates a tracker on a client with the default settings. The caller keeps owning the client.
   *
   * @param client a {@link RedisClient}, {@link RedisClusterClient} or any other {@link
   *     UnifiedJedis}
   * @return the tracker
   */
  public static RedisBalanceTracker create(UnifiedJedis client) {
    return builder().client(client).build();
  }

  /**
   * Connects to a URL with the default settings; the tracker owns (and closes) the client.
   *
   * @param url {@code redis://host:port} or {@code redis-cluster://host:port,host:port}
   * @return the tracker
   */
  public static RedisBalanceTracker connect(String url) {
    return builder().url(url).build();
  }

  /**
   * Whether the tracker talks to a Redis Cluster.
   *
   * @return {@code true} for a cluster
   */
  public boolean isCluster() {
    return runner.cluster();
  }

  /**
   * The key prefix.
   *
   * @return the prefix
   */
  public String keyPrefix() {
    return keys.prefix();
  }

  /**
   * The longest a call of this tracker blocks before it fails with {@link
   * BalanceStoreUnavailableException}, however Redis behaves (hung, unreachable, slow): {@code 2 ×
   * (poolWait + connectTimeout + 2 × socketTimeout)}, where {@code poolWait = socketTimeout} is the
   * longest wait for a free pooled connection, a new connection may take {@code connectTimeout}
   * plus a socket timeout for its handshake, and the script one more socket timeout; an incoming
   * settlement runs two scripts, hence the factor 2. With the defaults (500 ms, 1 s) that is 7 s; a
   * hung server typically fails a call after one socket timeout. With a {@link
   * Builder#client(UnifiedJedis) client of your own} its timeouts replace the builder's.
   *
   * @return the bound
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  private static Duration callTimeout(Duration connect, Duration socket) {
    return socket.plus(connect).plus(socket.multipliedBy(2)).multipliedBy(2);
  }

  /**
   * How long closed settlements and incoming-settlement keys are remembered.
   *
   * @return the retention
   */
  public Duration idempotencyRetention() {
    return retention;
  }

  @Override
  public AccountBalance balance(AccountId account) {
    requireAccount(account);
    try (CallGate.Pass pass = gate.enter("balance")) {
      byte[] key = keys.account(account);
      List<byte[]> v =
          runner.call("HMGET of " + account, () -> jedis.hmget(key, CLEARING, PREPAID));
      return new AccountBalance(account, Replies.parseLong(v.get(0)), Replies.parseLong(v.get(1)));
    }
  }

  // ---- prepare ----

  @Override
  public PrepareResult prepare(PrepareRequest request) {
    Objects.requireNonNull(request, "request");
    try (CallGate.Pass pass = gate.enter("prepare")) {
      Object reply =
          runner.eval(
              PREPARE,
              List.of(keys.account(request.account())),
              List.of(
                  Replies.bytes(request.amount()),
                  request.minBalance() == null ? EMPTY : Replies.bytes(request.minBalance())));
      return decodePrepare(request, Replies.item(Replies.items(reply, 1).get(0)));
    }
  }

  @Override
  public List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests) {
    requireItems("requests", requests);
    try (CallGate.Pass pass = gate.enter("prepareAll")) {
      return batch(
          PREPARE,
          requests,
          PrepareRequest::account,
          (r, k, a) -> {
            k.add(keys.account(r.account()));
            a.add(Replies.bytes(r.amount()));
            a.add(r.minBalance() == null ? EMPTY : Replies.bytes(r.minBalance()));
          },
          RedisBalanceTracker::decodePrepare);
    }
  }

  private static PrepareResult decodePrepare(PrepareRequest r, List<Object> item) {
    AccountId a = r.account();
    switch (Replies.code(item)) {
      case Replies.OK:
        return new PrepareResult(
            a,
            r.amount(),
            Replies.number(item, 3),
            Replies.number(item, 4),
            new AccountBalance(a, Replies.number(item, 1), Replies.number(item, 2)));
      case Replies.INSUFFICIENT:
        throw new InsufficientBalanceException(
            a, r.amount(), Replies.number(item, 1), r.minBalance());
      default:
        throw refusal(a, item);
    }
  }

  // ---- reject ----

  @Override
  public AccountBalance reject(PrepareResult prepare) {
    Objects.requireNonNull(prepare, "prepare");
    try (CallGate.Pass pass = gate.enter("reject")) {
      Object reply =
          runner.eval(
              REJECT,
              List.of(keys.account(prepare.account())),
              List.of(Replies.bytes(prepare.fromPrepaid()), Replies.bytes(prepare.fromClearing())));
      return decodeBalance(prepare, Replies.item(Replies.items(reply, 1).get(0)));
    }
  }

  @Override
  public List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares) {
    requireItems("prepares", prepares);
    try (CallGate.Pass pass = gate.enter("rejectAll")) {
      return batch(
          REJECT,
          prepares,
          PrepareResult::account,
          (p, k, a) -> {
            k.add(keys.account(p.account()));
            a.add(Replies.bytes(p.fromPrepaid()));
            a.add(Replies.bytes(p.fromClearing()));
          },
          RedisBalanceTracker::decodeBalance);
    }
  }

  private static AccountBalance decodeBalance(PrepareResult p, List<Object> item) {
    if (Replies.code(item) == Replies.OK) {
      return new AccountBalance(p.account(), Replies.number(item, 1), Replies.number(item, 2));
    }
    throw refusal(p.account(), item);
  }

  // ---- fulfill ----

  @Override
  public FulfillResult fulfill(FulfillRequest request) {
    Objects.requireNonNull(request, "request");
    try (CallGate.Pass pass = gate.enter("fulfill")) {
      List<byte[]> k = new ArrayList<>(3);
      List<byte[]> a = new ArrayList<>(4);
      UUID id = encodeFulfill(request, k, a);
      Object reply = runner.eval(FULFILL, k, a);
      return decodeFulfill(request, id, Replies.item(Replies.items(reply, 1).get(0)));
    }
  }

  @Override
  public List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests) {
    requireItems("requests", requests);
    try (CallGate.Pass pass = gate.enter("fulfillAll")) {
      UUID[] ids = new UUID[requests.size()];
      List<Integer> index = new ArrayList<>(requests.size());
      for (int i = 0; i < requests.size(); i++) {
        index.add(i);
      }
      return batch(
          FULFILL,
          index,
          i -> requests.get(i).account(),
          (i, k, a) -> ids[i] = encodeFulfill(requests.get(i), k, a),
          (i, item) -> decodeFulfill(requests.get(i), ids[i], item));
    }
  }

  private UUID encodeFulfill(FulfillRequest r, List<byte[]> k, List<byte[]> a) {
    BalanceSettings s = r.settings();
    byte[] account = keys.account(r.account());
    k.add(account);
    a.add(Replies.bytes(r.amount()));
    if (s.settleThreshold() == null) {
      k.add(account);
      k.add(account);
      a.add(EMPTY);
      a.add(EMPTY);
      a.add(EMPTY);
      return null;
    }
    UUID id = randomUuid();
    k.add(keys.settlement(r.account(), id));
    k.add(keys.pending(r.account()));
    a.add(Replies.bytes(s.settleThreshold()));
    a.add(Replies.bytes(s.settleTo()));
    a.add(id.toString().getBytes(StandardCharsets.US_ASCII));
    return id;
  }

  private static FulfillResult decodeFulfill(FulfillRequest r, UUID id, List<Object> item) {
    AccountId a = r.account();
    if (Replies.code(item) != Replies.OK) {
      throw refusal(a, item);
    }
    AccountBalance balance =
        new AccountBalance(a, Replies.number(item, 1), Replies.number(item, 2));
    PendingSettlement settlement = null;
    if (item.size() > 3) {
      settlement = new PendingSettlement(new SettlementId(a, id), a, Replies.number(item, 3));
    }
    return new FulfillResult(balance, settlement);
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

  // ---- settlements ----

  @Override
  public SettlementOutcome settlementSucceeded(SettlementId id) {
    return closeSettlement(id, SettlementOutcome.Status.SUCCEEDED);
  }

  @Override
  public SettlementOutcome settlementFailed(SettlementId id) {
    return closeSettlement(id, SettlementOutcome.Status.FAILED);
  }

  private SettlementOutcome closeSettlement(SettlementId id, SettlementOutcome.Status status) {
    if (id == null) {
      throw new NullPointerException("settlement id must not be null");
    }
    AccountId a = id.account();
    Object reply;
    try (CallGate.Pass pass = gate.enter("closing settlement " + id)) {
      reply =
          runner.eval(
              CLOSE,
              List.of(keys.account(a), keys.settlement(a, id.key()), keys.pending(a)),
              List.of(
                  status == SettlementOutcome.Status.SUCCEEDED ? SUCCEEDED : FAILED,
                  id.key().toString().getBytes(StandardCharsets.US_ASCII),
                  retentionMillis));
    }
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
        throw new SettlementConflictException(
            "settlement "
                + id
                + " was already closed as "
                + earlier
                + "; it cannot now be closed as "
                + status
                + "; nothing changed");
      default:
        throw refusal(a, item);
    }
  }

  @Override
  public List<PendingSettlement> pendingSettlements(AccountId account) {
    requireAccount(account);
    try (CallGate.Pass pass = gate.enter("pendingSettlements")) {
      byte[] key = keys.pending(account);
      Map<byte[], byte[]> index = runner.call("HGETALL of " + account, () -> jedis.hgetAll(key));
      List<Pending> list = new ArrayList<>(index.size());
      addPending(account, index, list);
      list.sort(Comparator.comparingLong(Pending::sequence));
      return list.stream().map(Pending::settlement).toList();
    }
  }

  @Override
  public List<PendingSettlement> pendingSettlements() {
    try (CallGate.Pass pass = gate.enter("pendingSettlements")) {
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

  private record Pending(long micros, long sequence, PendingSettlement settlement) {
    static final Comparator<Pending> ORDER =
        Comparator.comparingLong(Pending::micros)
            .thenComparing(p -> p.settlement().account())
            .thenComparingLong(Pending::sequence);
  }

  // ---- incoming settlements ----

  @Override
  public IncomingSettlementResult incomingSettlement(
      String idempotencyKey, AccountId account, long amount) {
    Amounts.requireIdempotencyKey(idempotencyKey);
    requireAccount(account);
    Amounts.requireNonNegative("amount", amount);
    try (CallGate.Pass pass = gate.enter("incomingSettlement")) {
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
                runner.eval(
                    INCOMING,
                    List.of(keys.account(account), keys.incoming(account, idempotencyKey)),
                    List.of(amountBytes, retentionMillis)));
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
          throw refusal(account, item);
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
          throw refusal(account, claim);
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
            CLAIM,
            List.of(claimKey),
            List.of(action, value, token, claimRetentionMillis, CLAIM_LEASE_MILLIS)));
  }

  private static SettlementConflictException conflict(
      String key, String earlierAmount, String earlierAccount, long amount, AccountId account) {
    return new SettlementConflictException(
        "idempotency key '"
            + key
            + "' was used for an incoming settlement of "
            + earlierAmount
            + " on account "
            + earlierAccount
            + "; it cannot be reused for "
            + amount
            + " on account "
            + account
            + "; nothing changed");
  }

  // ---- batches ----

  @FunctionalInterface
  private interface Encoder<R> {
    void encode(R item, List<byte[]> keys, List<byte[]> args);
  }

  @FunctionalInterface
  private interface Decoder<R, T> {
    T decode(R item, List<Object> reply);
  }

  private <R, T> List<Outcome<T>> batch(
      LuaScript script,
      List<R> items,
      Function<R, AccountId> account,
      Encoder<R> encoder,
      Decoder<R, T> decoder) {
    int n = items.size();
    if (n == 0) {
      return List.of();
    }
    if (!runner.cluster()) {
      return group(script, items, allIndexes(n), encoder, decoder, new Outcome[n]);
    }
    Map<Integer, List<Integer>> slots = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int slot = JedisClusterCRC16.getSlot(account.apply(items.get(i)).value());
      slots.computeIfAbsent(slot, s -> new ArrayList<>()).add(i);
    }
    @SuppressWarnings("unchecked")
    Outcome<T>[] out = new Outcome[n];
    if (slots.size() == 1) {
      return group(script, items, allIndexes(n), encoder, decoder, out);
    }
    List<List<Integer>> groups = new ArrayList<>(slots.values());
    List<CompletableFuture<Void>> futures = new ArrayList<>(groups.size());
    for (int g = 1; g < groups.size(); g++) {
      List<Integer> group = groups.get(g);
      futures.add(
          CompletableFuture.runAsync(
              () -> groupOrFail(script, items, group, encoder, decoder, out), slotExecutor));
    }
    groupOrFail(script, items, groups.get(0), encoder, decoder, out);
    for (CompletableFuture<Void> f : futures) {
      try {
        f.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    BalanceStoreUnavailableException firstFailure = null;
    boolean anySuccess = false;
    for (Outcome<T> o : out) {
      if (o instanceof Outcome.Failure<T> f
          && f.error() instanceof BalanceStoreUnavailableException u) {
        firstFailure = firstFailure == null ? u : firstFailure;
      } else {
        anySuccess = true;
      }
    }
    if (firstFailure != null && !anySuccess) {
      throw firstFailure;
    }
    return Arrays.asList(out);
  }

  private static List<Integer> allIndexes(int n) {
    List<Integer> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return all;
  }

  /** Runs one slot's group; a store failure fails that group's items (other groups may apply). */
  private <R, T> void groupOrFail(
      LuaScript script,
      List<R> items,
      List<Integer> indexes,
      Encoder<R> encoder,
      Decoder<R, T> decoder,
      Outcome<T>[] out) {
    try {
      group(script, items, indexes, encoder, decoder, out);
    } catch (BalanceStoreUnavailableException | IllegalStateException e) {
      for (int i : indexes) {
        out[i] = Outcome.failure(e);
      }
    }
  }

  private <R, T> List<Outcome<T>> group(
      LuaScript script,
      List<R> items,
      List<Integer> indexes,
      Encoder<R> encoder,
      Decoder<R, T> decoder,
      Outcome<T>[] out) {
    List<byte[]> k = new ArrayList<>(indexes.size() * 3);
    List<byte[]> a = new ArrayList<>(indexes.size() * 4);
    for (int i : indexes) {
      encoder.encode(items.get(i), k, a);
    }
    Object reply;
    try {
      reply = runner.eval(script, k, a);
    } catch (IllegalStateException e) {
      if (indexes.size() == 1) {
        throw e;
      }
      // The batch script stopped at one item's bad data; Redis kept the writes of the items it
      // ran before. Not a batch that applied nothing, so no caller may be told "not applied" (and
      // the auto-batcher must not run the items again): every item of the group is in doubt.
      BalanceStoreUnavailableException inDoubt =
          BalanceStoreUnavailableException.inDoubt(
              e.getMessage()
                  + "; the batch script stopped there and the items before it may have been"
                  + " applied: reconcile with balance(account)",
              e);
      for (int i : indexes) {
        out[i] = Outcome.failure(inDoubt.copy());
      }
      return Arrays.asList(out);
    }
    List<Object> replies = Replies.items(reply, indexes.size());
    for (int j = 0; j < indexes.size(); j++) {
      int i = indexes.get(j);
      try {
        out[i] = Outcome.success(decoder.decode(items.get(i), Replies.item(replies.get(j))));
      } catch (io.ledgerkit.persistence.balance.BalanceException | IllegalStateException e) {
        // a refusal or a data error of this item alone (it wrote nothing); the others stand
        out[i] = Outcome.failure(e);
      }
    }
    return Arrays.asList(out);
  }

  // ---- common ----

  private static RuntimeException refusal(AccountId account, List<Object> item) {
    if (Replies.code(item) == Replies.OVERFLOW) {
      return new BalanceOverflowException(account, Replies.text(item, 1));
    }
    if (Replies.code(item) == Replies.DATA) {
      return new IllegalStateException(
          "Redis balance store: account "
              + account
              + ": data the tracker did not write (a malformed value or a key of another type"
              + " under the tracker's prefix; repair or delete it, retrying will not help);"
              + " nothing was changed: "
              + Replies.text(item, 1));
    }
    return new IllegalStateException("unexpected reply from a balance script: " + item);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "ledgerkit-redis-slot-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Refuses new calls ({@link IllegalStateException}), waits for the calls in flight to complete
   * (at most {@link #callTimeout()} and a second), then closes the client when the tracker created
   * it, and stops its threads. Idempotent.
   */
  @Override
  public void close() {
    if (gate.isClosed()) {
      return;
    }
    if (!gate.close(callTimeout.plusSeconds(1))) {
      LOG.warn("{}: closing with calls still in flight after {}", runner.store(), callTimeout);
    }
    if (slotExecutor != null) {
      slotExecutor.shutdownNow();
    }
    if (ownsClient) {
      try {
        jedis.close();
      } catch (JedisException e) {
        LOG.debug("closing the Redis client failed", e);
      }
    }
  }

  @Override
  public String toString() {
    return "RedisBalanceTracker[" + runner.store() + ", prefix " + keys.prefix() + "]";
  }

  /**
   * Builds a {@link RedisBalanceTracker}: either on a client you own ({@link #client}) or on a URL,
   * in which case the tracker creates and closes its client ({@link #url}).
   */
  public static final class Builder {
    private UnifiedJedis client;
    private String url;
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private Duration retention = DEFAULT_IDEMPOTENCY_RETENTION;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration socketTimeout = DEFAULT_SOCKET_TIMEOUT;
    private int maxConnections = 64;

    private Builder() {}

    /**
     * Uses a client the caller owns and closes: {@link RedisClient}, {@link RedisClusterClient} or
     * another {@link UnifiedJedis}. Its own timeouts apply. Build a {@link RedisClusterClient} with
     * {@code maxAttempts(1)}: with more attempts Jedis resends a command whose reply timed out, so
     * a prepare could be applied twice behind one reply; the tracker follows {@code MOVED} itself.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(UnifiedJedis client) {
      this.client = Objects.requireNonNull(client, "client");
      this.url = null;
      return this;
    }

    /**
     * Connects to a URL; the tracker owns the client and closes it.
     *
     * @param url {@code redis://[user:password@]host:port[/db]}, {@code rediss://...} or {@code
     *     redis-cluster://host:port,host:port,...}
     * @return this builder
     * @throws IllegalArgumentException when the URL is malformed
     */
    public Builder url(String url) {
      RedisEndpoint.parse(url);
      this.url = url;
      this.client = null;
      return this;
    }

    /**
     * Sets the key prefix (default {@value #DEFAULT_KEY_PREFIX}).
     *
     * @param prefix the prefix, without <code>{</code> or <code>}</code>
     * @return this builder
     * @throws IllegalArgumentException when the prefix has a brace or is null
     */
    public Builder keyPrefix(String prefix) {
      if (prefix == null || prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
        throw new IllegalArgumentException(
            "key prefix '"
                + prefix
                + "' must not be null or contain '{' or '}' (they would break the hash tags)");
      }
      this.keyPrefix = prefix;
      return this;
    }

    /**
     * Sets how long closed settlements and incoming-settlement idempotency keys are remembered
     * (default 24 hours).
     *
     * @param retention at least one second, at most {@link
     *     RedisBalanceTracker#MAX_IDEMPOTENCY_RETENTION}
     * @return this builder
     */
    public Builder idempotencyRetention(Duration retention) {
      if (retention == null
          || retention.compareTo(Duration.ofSeconds(1)) < 0
          || retention.compareTo(MAX_IDEMPOTENCY_RETENTION) > 0) {
        throw new IllegalArgumentException(
            "idempotency retention "
                + retention
                + " must be at least 1 second and at most "
                + MAX_IDEMPOTENCY_RETENTION
                + " (100 years: Redis refuses longer expiries)");
      }
      this.retention = retention;
      return this;
    }

    /**
     * Sets the connect timeout of a client created from a URL (default 500 ms). It is part of
     * {@link RedisBalanceTracker#callTimeout()}.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connect timeout", timeout);
      return this;
    }

    /**
     * Sets the read timeout of a client created from a URL (default 1 s): an operation without an
     * answer in that time fails with {@link BalanceStoreUnavailableException} (in doubt: the script
     * may have run). It is also the longest wait for a free pooled connection, and part of {@link
     * RedisBalanceTracker#callTimeout()}.
     *
     * @param timeout positive
     * @return this builder
     */
    public Builder socketTimeout(Duration timeout) {
      this.socketTimeout = positive("socket timeout", timeout);
      return this;
    }

    /**
     * Sets the connection pool size per node of a client created from a URL (default 64).
     *
     * @param max at least 1
     * @return this builder
     */
    public Builder maxConnections(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConnections " + max + " must be at least 1");
      }
      this.maxConnections = max;
      return this;
    }

    /**
     * Builds the tracker, loading its scripts on the server (every node of a cluster).
     *
     * @return the tracker
     * @throws IllegalStateException when neither a client nor a URL was given
     * @throws BalanceStoreUnavailableException when Redis cannot be reached
     */
    public RedisBalanceTracker build() {
      if (client != null) {
        return new RedisBalanceTracker(
            this, client, false, client.getClass().getSimpleName() + "@" + id(client));
      }
      if (url == null) {
        throw new IllegalStateException(
            "give the builder a client(...) or a url(...) such as redis://127.0.0.1:6379");
      }
      RedisEndpoint e = RedisEndpoint.parse(url);
      DefaultJedisClientConfig.Builder config =
          DefaultJedisClientConfig.builder()
              .connectionTimeoutMillis(millis(connectTimeout))
              .socketTimeoutMillis(millis(socketTimeout))
              .user(e.user())
              .password(e.password())
              .ssl(e.tls())
              .clientName("ledgerkit-balance");
      GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
      pool.setMaxTotal(maxConnections);
      pool.setMaxIdle(maxConnections);
      pool.setMaxWait(socketTimeout); // a busy connection is free again within a socket timeout
      pool.setJmxEnabled(false);
      UnifiedJedis created;
      try {
        if (e.cluster()) {
          created =
              RedisClusterClient.builder()
                  .nodes(new HashSet<HostAndPort>(e.nodes()))
                  .clientConfig(config.build())
                  .poolConfig(pool)
                  // Jedis resends a command after a timeout or a broken connection when it has
                  // attempts left, which would apply a prepare twice behind one reply. One attempt
                  // only; the ScriptRunner itself follows MOVED/ASK (the command did not run).
                  .maxAttempts(1)
                  .build();
        } else {
          created =
              RedisClient.builder()
                  .hostAndPort(e.nodes().get(0))
                  .clientConfig(config.database(e.database()).build())
                  .poolConfig(pool)
                  .build();
        }
      } catch (JedisException ex) {
        throw ScriptRunner.unavailable(e.describe(), "cannot connect", ex);
      }
      return new RedisBalanceTracker(this, created, true, e.describe());
    }

    private static String id(Object o) {
      return Integer.toHexString(System.identityHashCode(o));
    }

    private static int millis(Duration d) {
      return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " " + d + " must be positive");
      }
      return d;
    }
  }
}
