package io.ledgerkit.persistence.balance.redis;

import static io.ledgerkit.persistence.balance.spi.Amounts.requireAccount;
import static io.ledgerkit.persistence.balance.spi.Amounts.requireItems;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.AutoBatchSettings;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.Hold;
import io.ledgerkit.persistence.balance.HoldPage;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.IncomingSettlementResult;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.Outcome;
import io.ledgerkit.persistence.balance.PendingSettlement;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.balance.SettlementId;
import io.ledgerkit.persistence.balance.SettlementOutcome;
import io.ledgerkit.persistence.balance.SettlementPage;
import io.ledgerkit.persistence.balance.redis.internal.AccountOps;
import io.ledgerkit.persistence.balance.redis.internal.HoldExpiry;
import io.ledgerkit.persistence.balance.redis.internal.HoldReads;
import io.ledgerkit.persistence.balance.redis.internal.IncomingSettlements;
import io.ledgerkit.persistence.balance.redis.internal.IndexCursor;
import io.ledgerkit.persistence.balance.redis.internal.IndexPages;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.balance.redis.internal.LuaScript;
import io.ledgerkit.persistence.balance.redis.internal.RedisClients;
import io.ledgerkit.persistence.balance.redis.internal.Replies;
import io.ledgerkit.persistence.balance.redis.internal.ReplyCodec;
import io.ledgerkit.persistence.balance.redis.internal.ScriptRunner;
import io.ledgerkit.persistence.balance.redis.internal.Settlements;
import io.ledgerkit.persistence.balance.redis.internal.SlotBatches;
import io.ledgerkit.persistence.balance.redis.internal.SlotTags;
import io.ledgerkit.persistence.balance.spi.Amounts;
import io.ledgerkit.persistence.balance.spi.CallGate;
import io.ledgerkit.persistence.config.RedisBalanceConfig;
import io.ledgerkit.persistence.config.RedisUrl;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

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
 *     RedisBalanceTracker.configure().url("redis://127.0.0.1:6379").start()) {
 *   PrepareResult p = tracker.prepare(AccountId.of("alice"), 100, -1_000);
 *   tracker.reject(p);
 * }
 * }</pre>
 *
 * <p><b>Exactly once.</b> An identified prepare or fulfill keeps its record with its account (same
 * hash slot: {@code <prefix>{<account>}:op:<id>}), and its script checks the id before it changes
 * anything, so a retry after {@link BalanceStoreUnavailableException} returns the first result. A
 * hold is also listed in its slot's held and expiry indexes ({@code <prefix>{<tag>}:ix:held} /
 * {@code :ix:exp}, where the tag is a short string that hashes to the account's slot; one shard on
 * a standalone server), written by the same script, so {@link #holds(String, int)} and {@link
 * #expireHolds(int)} never scan accounts; likewise a pending settlement is listed in its slot's
 * pending-settlement index ({@code <prefix>{<tag>}:ix:settle}) by the script that opens it and
 * removed by the one that closes it, for {@link #pendingSettlements(String, int)}. Every change
 * appends to the account's journal ({@code <prefix>{<account>}:journal}) in the same script. Expiry
 * and every timestamp use the server's {@code TIME}. Resolved hold and fulfill records expire after
 * {@link Retention#operations()}; held holds never do; journals are trimmed to {@link
 * Retention#journalEntries()} and {@link Retention#journalAge()} as they grow ({@link
 * Builder#retention(Retention)}, default {@link Retention#defaults()}). On a cluster one {@code
 * expireHolds} call costs one pipelined {@code ZCOUNT} per slot (16,384, one round trip per node)
 * plus one script per slot with due holds. While a slot migrates, a script whose keys are split
 * between the two masters (or exist on neither, for a new account) is refused by Redis with {@code
 * TRYAGAIN} before it runs: {@link BalanceStoreUnavailableException}, nothing applied; retry.
 *
 * <p>A failure of the connection or a timeout raises {@link BalanceStoreUnavailableException}; the
 * tracker keeps working once Redis answers again. Scripts removed by {@code SCRIPT FLUSH} or a
 * failover are reloaded on demand. Data under the tracker's prefix that it did not write (a
 * malformed balance, a key of another Redis type) raises {@link IllegalStateException} naming it,
 * since retrying cannot help; nothing is written.
 */
public final class RedisBalanceTracker implements BalanceTracker {
  private static final Logger LOG = LoggerFactory.getLogger(RedisBalanceTracker.class);

  /**
   * How this store wants to be auto-batched, which {@code balance.autoBatch=true} applies: the
   * {@link io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker} defaults, one batch of one
   * kind in flight. Redis runs one script at a time, so more batches in flight only split the same
   * work into smaller batches (measured at 32 threads: no consistent gain with 2 or 4 in flight;
   * see {@code docs/performance.md}). For trackers built in code: {@code
   * AutoBatchingBalanceTracker.configure(tracker).settings(AUTO_BATCH_SETTINGS)}.
   */
  public static final AutoBatchSettings AUTO_BATCH_SETTINGS = AutoBatchSettings.DEFAULTS;

  /** The default key prefix. */
  public static final String DEFAULT_KEY_PREFIX = RedisBalanceConfig.DEFAULT_KEY_PREFIX;

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
  private static final LuaScript RESOLVE = LuaScript.load("resolve");
  private static final LuaScript EXPIRE = LuaScript.load("expire");
  private static final LuaScript HOLD = LuaScript.load("hold");
  private static final LuaScript HELD = LuaScript.load("held");
  private static final LuaScript PAGE = LuaScript.load("page");
  private static final LuaScript JOURNAL = LuaScript.load("journal");
  private static final LuaScript FULFILL = LuaScript.load("fulfill");
  private static final LuaScript CLOSE = LuaScript.load("close");
  private static final LuaScript CLAIM = LuaScript.load("claim");
  private static final LuaScript INCOMING = LuaScript.load("incoming");
  private static final LuaScript INDEX = LuaScript.load("index");
  private static final List<LuaScript> SCRIPTS =
      List.of(
          PREPARE, RESOLVE, FULFILL, CLOSE, CLAIM, INCOMING, EXPIRE, HOLD, HELD, PAGE, JOURNAL,
          INDEX);

  private static final byte[] CLEARING = {'c'};
  private static final byte[] PREPAID = {'p'};

  private final ScriptRunner runner;
  private final UnifiedJedis jedis;
  private final boolean ownsClient;
  private final Keys keys;
  private final Duration idempotencyRetention;
  private final byte[] retentionMillis;
  private final ExecutorService slotExecutor;
  private final CallGate gate = new CallGate("Redis balance tracker");
  private final Duration callTimeout;
  private final Retention retention;
  private final SlotTags shards;
  private final SlotBatches batches;
  private final AccountOps ops;
  private final IndexPages<Hold> holdPages;
  private final IndexPages<PendingSettlement> settlementPages;
  private final HoldExpiry expiry;
  private final IncomingSettlements incoming;
  private final HoldReads reads;
  private final Settlements settlements;

  private RedisBalanceTracker(Builder b, UnifiedJedis jedis, boolean owns, String store) {
    this.jedis = jedis;
    this.ownsClient = owns;
    this.keys = new Keys(b.keyPrefix);
    this.idempotencyRetention = b.idempotencyRetention;
    this.retention = b.operationRetention;
    this.retentionMillis = Replies.bytes(b.idempotencyRetention.toMillis());
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
    this.shards = new SlotTags(cluster);
    this.batches =
        new SlotBatches(
            runner,
            slotExecutor,
            List.of(
                Replies.bytes(retention.journalEntries()),
                Replies.bytes(
                    retention.journalAge() == null ? 0 : retention.journalAge().toMillis()),
                Replies.bytes(retention.operations().toMillis())));
    this.ops = new AccountOps(keys, shards, batches, PREPARE, RESOLVE, FULFILL);
    this.holdPages =
        new IndexPages<>(
            runner,
            keys,
            shards,
            PAGE,
            keys::heldIndex,
            "h1:",
            Amounts::foreignCursor,
            'h',
            (member, item) -> ReplyCodec.held(ReplyCodec.member(member), item, 1));
    this.settlementPages =
        new IndexPages<>(
            runner,
            keys,
            shards,
            PAGE,
            keys::settlementIndex,
            "s1:",
            Amounts::foreignSettlementCursor,
            's',
            ReplyCodec::pending);
    this.expiry = new HoldExpiry(runner, keys, shards, batches, EXPIRE);
    this.incoming =
        new IncomingSettlements(runner, batches, keys, CLAIM, INCOMING, b.idempotencyRetention);
    this.reads = new HoldReads(runner, keys, shards, retention, HOLD, HELD, JOURNAL);
    this.settlements =
        new Settlements(runner, batches, jedis, keys, shards, CLOSE, INDEX, retentionMillis);
    try {
      if (!settlements.indexed()) {
        long t0 = System.nanoTime();
        long added = settlements.backfill();
        LOG.info(
            "Redis balance store {} (prefix {}): indexed {} pending settlements opened before the"
                + " pending-settlement index existed, in {} ms (once per store)",
            store,
            b.keyPrefix,
            added,
            (System.nanoTime() - t0) / 1_000_000);
      }
    } catch (RuntimeException e) {
      if (slotExecutor != null) {
        slotExecutor.shutdownNow();
      }
      if (owns) {
        jedis.close();
      }
      throw e;
    }
    LOG.debug("Redis balance tracker on {} (cluster: {}, prefix {})", store, cluster, b.keyPrefix);
  }

  /**
   * Starts a builder.
   *
   * @return a builder with the defaults: prefix {@value #DEFAULT_KEY_PREFIX}, retention 24 hours
   */
  public static Builder configure() {
    return new Builder();
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
    return idempotencyRetention;
  }

  /**
   * The retention of resolved holds, fulfill records and journals.
   *
   * @return the retention
   */
  public Retention retention() {
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

  // ---- prepare, reject, commit ----

  @Override
  public PrepareResult prepare(PrepareRequest request) {
    Objects.requireNonNull(request, "request");
    try (CallGate.Pass pass = gate.enter("prepare")) {
      return ops.prepare(request);
    }
  }

  @Override
  public List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests) {
    requireItems("requests", requests);
    try (CallGate.Pass pass = gate.enter("prepareAll")) {
      return ops.prepareAll(requests);
    }
  }

  @Override
  public AccountBalance reject(PrepareResult prepare) {
    Objects.requireNonNull(prepare, "prepare");
    try (CallGate.Pass pass = gate.enter("reject")) {
      return ops.reject(prepare);
    }
  }

  @Override
  public List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares) {
    requireItems("prepares", prepares);
    try (CallGate.Pass pass = gate.enter("rejectAll")) {
      return ops.rejectAll(prepares);
    }
  }

  @Override
  public HoldResult commit(HoldRef hold) {
    Objects.requireNonNull(hold, "hold");
    try (CallGate.Pass pass = gate.enter("commit")) {
      return ops.commit(hold);
    }
  }

  @Override
  public HoldResult reject(HoldRef hold) {
    Objects.requireNonNull(hold, "hold");
    try (CallGate.Pass pass = gate.enter("reject")) {
      return ops.reject(hold);
    }
  }

  @Override
  public List<Outcome<HoldResult>> commitHolds(List<HoldRef> holds) {
    requireItems("holds", holds);
    try (CallGate.Pass pass = gate.enter("commitHolds")) {
      return ops.resolveAll(holds, true);
    }
  }

  @Override
  public List<Outcome<HoldResult>> rejectHolds(List<HoldRef> holds) {
    requireItems("holds", holds);
    try (CallGate.Pass pass = gate.enter("rejectHolds")) {
      return ops.resolveAll(holds, false);
    }
  }

  // ---- holds, expiry, journal ----

  @Override
  public Optional<Hold> hold(HoldRef hold) {
    Objects.requireNonNull(hold, "hold");
    try (CallGate.Pass pass = gate.enter("hold")) {
      return reads.hold(hold);
    }
  }

  @Override
  public List<Hold> holds(AccountId account) {
    requireAccount(account);
    try (CallGate.Pass pass = gate.enter("holds")) {
      return reads.held(account);
    }
  }

  @Override
  public HoldPage holds(String cursor, int limit) {
    Amounts.requireLimit("limit", limit);
    IndexCursor at = holdPages.parse(cursor);
    try (CallGate.Pass pass = gate.enter("holds")) {
      IndexPages.Page<Hold> page = holdPages.page(at, limit);
      return new HoldPage(page.items(), page.next());
    }
  }

  @Override
  public List<Hold> expireHolds(int limit) {
    Amounts.requireLimit("limit", limit);
    try (CallGate.Pass pass = gate.enter("expireHolds")) {
      return expiry.expire(limit);
    }
  }

  @Override
  public List<JournalEntry> journal(AccountId account, long fromSequence, int limit) {
    requireAccount(account);
    Amounts.requireSequence(fromSequence);
    Amounts.requireLimit("limit", limit);
    try (CallGate.Pass pass = gate.enter("journal")) {
      return reads.journal(account, fromSequence, limit);
    }
  }

  // ---- fulfill ----

  @Override
  public FulfillResult fulfill(FulfillRequest request) {
    Objects.requireNonNull(request, "request");
    try (CallGate.Pass pass = gate.enter("fulfill")) {
      return ops.fulfill(request);
    }
  }

  @Override
  public List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests) {
    requireItems("requests", requests);
    try (CallGate.Pass pass = gate.enter("fulfillAll")) {
      return ops.fulfillAll(requests);
    }
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
    Amounts.requireSettlement(id);
    Object reply;
    try (CallGate.Pass pass = gate.enter("closing settlement " + id)) {
      reply = settlements.close(id, status);
    }
    return Settlements.outcome(id, status, reply);
  }

  @Override
  public List<PendingSettlement> pendingSettlements(AccountId account) {
    requireAccount(account);
    try (CallGate.Pass pass = gate.enter("pendingSettlements")) {
      return settlements.pending(account);
    }
  }

  @Override
  public List<PendingSettlement> pendingSettlements() {
    try (CallGate.Pass pass = gate.enter("pendingSettlements")) {
      return BalanceTracker.super.pendingSettlements();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the slots' pending-settlement indexes ({@code <prefix>{<tag>}:ix:settle}, one shard on
   * a standalone server, one per hash slot on a cluster), which the fulfill that opens a settlement
   * and the close that ends it write in the same script, in shard order and within a shard in
   * member order; no account is scanned. Settlements opened by a build that predates the index are
   * added to it once per store, when the first tracker of this build starts (see {@link
   * #indexPendingSettlements()}).
   */
  @Override
  public SettlementPage pendingSettlements(String cursor, int limit) {
    Amounts.requireLimit("limit", limit);
    IndexCursor at = settlementPages.parse(cursor);
    try (CallGate.Pass pass = gate.enter("pendingSettlements")) {
      IndexPages.Page<PendingSettlement> page = settlementPages.page(at, limit);
      return new SettlementPage(page.items(), page.next());
    }
  }

  /**
   * Adds to the pending-settlement indexes every pending settlement that is missing from them:
   * those opened by a build that predates the index. The first tracker of this build to start on a
   * store does this once (and marks the store {@code <prefix>ix:settle:complete}); call it again
   * after a rolling upgrade in which processes of the older build kept opening settlements after
   * that start, since {@link #pendingSettlements(String, int)} does not see those. Idempotent and
   * safe while settlements open and close; it costs one {@code SCAN} of the keyspace (every node of
   * a cluster) plus one script per account with a pending settlement, in memory bounded by one
   * {@code SCAN} batch.
   *
   * @return how many settlements were added
   * @throws BalanceStoreUnavailableException when the store fails; call it again
   */
  public long indexPendingSettlements() {
    try (CallGate.Pass pass = gate.enter("indexPendingSettlements")) {
      return settlements.backfill();
    }
  }

  // ---- incoming settlements ----

  @Override
  public IncomingSettlementResult incomingSettlement(
      String idempotencyKey, AccountId account, long amount) {
    Amounts.requireIdempotencyKey(idempotencyKey);
    requireAccount(account);
    Amounts.requireNonNegative("amount", amount);
    try (CallGate.Pass pass = gate.enter("incomingSettlement")) {
      return incoming.apply(idempotencyKey, account, amount);
    }
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
    private Duration idempotencyRetention = DEFAULT_IDEMPOTENCY_RETENTION;
    private Retention operationRetention = Retention.defaults();
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
      RedisUrl.parse(url);
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
      this.idempotencyRetention = retention;
      return this;
    }

    /**
     * Sets how long resolved holds and fulfill records are kept (held holds never go) and how much
     * of each account's journal (default {@link Retention#defaults()}: 24 hours, 10,000 entries).
     *
     * @param retention the retention; its durations at least a millisecond and at most {@link
     *     RedisBalanceTracker#MAX_IDEMPOTENCY_RETENTION}
     * @return this builder
     */
    public Builder retention(Retention retention) {
      Objects.requireNonNull(retention, "retention");
      checkRetention("operation retention", retention.operations());
      if (retention.journalAge() != null) {
        checkRetention("journal age", retention.journalAge());
      }
      this.operationRetention = retention;
      return this;
    }

    private static void checkRetention(String name, Duration d) {
      if (d.toMillis() < 1 || d.compareTo(MAX_IDEMPOTENCY_RETENTION) > 0) {
        throw new IllegalArgumentException(
            name
                + " "
                + d
                + " must be at least 1 millisecond and at most "
                + MAX_IDEMPOTENCY_RETENTION
                + " (100 years: Redis refuses longer expiries)");
      }
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
    public RedisBalanceTracker start() {
      if (client != null) {
        return new RedisBalanceTracker(
            this, client, false, client.getClass().getSimpleName() + "@" + id(client));
      }
      if (url == null) {
        throw new IllegalStateException(
            "give the builder a client(...) or a url(...) such as redis://127.0.0.1:6379");
      }
      RedisUrl e = RedisUrl.parse(url);
      UnifiedJedis created = RedisClients.create(e, connectTimeout, socketTimeout, maxConnections);
      return new RedisBalanceTracker(this, created, true, e.describe());
    }

    private static String id(Object o) {
      return Integer.toHexString(System.identityHashCode(o));
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException(name + " " + d + " must be positive");
      }
      return d;
    }
  }
}
