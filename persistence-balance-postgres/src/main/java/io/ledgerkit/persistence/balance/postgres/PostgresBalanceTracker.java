package io.ledgerkit.persistence.balance.postgres;

import static io.ledgerkit.persistence.balance.spi.Amounts.requireAccount;
import static io.ledgerkit.persistence.balance.spi.Amounts.requireItems;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
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
import io.ledgerkit.persistence.balance.postgres.internal.Codec;
import io.ledgerkit.persistence.balance.postgres.internal.OpsBatch;
import io.ledgerkit.persistence.balance.postgres.internal.Queries;
import io.ledgerkit.persistence.balance.postgres.internal.RetentionTrim;
import io.ledgerkit.persistence.balance.postgres.internal.RetryExecutor;
import io.ledgerkit.persistence.balance.postgres.internal.RetryExecutor.Kind;
import io.ledgerkit.persistence.balance.postgres.internal.Sql;
import io.ledgerkit.persistence.balance.spi.Amounts;
import io.ledgerkit.persistence.config.Masking;
import io.ledgerkit.persistence.config.TransactionIsolation;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.migrations.StartupResult;
import io.ledgerkit.persistence.pool.PoolSettings;
import io.ledgerkit.persistence.pool.Pools;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BalanceTracker} on PostgreSQL.
 *
 * <ul>
 *   <li>Every change is one call of a server-side function in one auto-commit statement: one round
 *       trip and one commit. The accounts it touches are locked in id order (so that concurrent
 *       calls cannot deadlock), the arithmetic is done in {@code numeric}, a refusal changes
 *       nothing, and every change appends its {@link #journal journal} entries and bumps the
 *       account's journal sequence in the same transaction.
 *   <li>The batch forms ({@link #prepareAll}, {@link #fulfillAll}, {@link #rejectAll}, {@link
 *       #commitHolds}, {@link #rejectHolds}) are one call of {@code balance_apply_ops} for the
 *       whole batch, items applied in order with their own results. A repeated operation id inside
 *       one batch gets the replayed result for the later item. Wrap the tracker in {@link
 *       io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker} to give concurrent single
 *       callers group commit.
 *   <li>Exactly once: an identified prepare or fulfill looks its id up in {@code
 *       balance_operations} under the account's row lock, in the same statement that applies it, so
 *       a repeat is answered from the stored first result and a conflicting reuse is refused,
 *       nothing changed. Holds, their expiry (judged by the server's {@code clock_timestamp()}) and
 *       the journal are kept in the same tables. An identified call (and a batch whose items are
 *       all identified) is retried once on a new connection after a lost one: a repeat is safe.
 *   <li>Incoming settlements are idempotent through a unique key written in the same transaction as
 *       the balance change.
 *   <li>A batch is one statement in auto-commit: it applies all its items' outcomes or nothing. A
 *       data error of one item (a value or a trigger the tracker did not write, SQLSTATE class
 *       22/23, P0001) rolls the whole batch back and is {@link IllegalStateException}; the
 *       auto-batching wrapper then runs the batch's items alone.
 *   <li>Every call is bounded in time: see {@link #callTimeout()}.
 *   <li>Serialization failures and deadlocks (40001, 40P01) are retried a bounded number of times;
 *       a lost connection is {@link BalanceStoreUnavailableException} (the outcome of an
 *       unidentified prepare, fulfill or reject in flight is then unknown; retry identified
 *       operations with the same id).
 *   <li>Retention: resolved operation records and journal entries stay until {@link
 *       #trimRetention()} removes those past the builder's {@link Builder#retention(Retention)
 *       retention}; by default ({@link Retention#unboundedJournal()}) the journal is kept whole.
 * </ul>
 *
 * <p>Its tables are {@link PostgresBalanceSchemaV1}: created by {@code SchemaMigration} when the
 * builder says {@link Builder#runMigration(boolean) runMigration(true)}, else verified at start-up.
 *
 * <pre>{@code
 * BalanceTracker tracker = PostgresBalanceTracker.configure()
 *     .url("jdbc:postgresql://db:5432/ledger", "ledger", password)
 *     .runMigration(true)
 *     .start();
 * }</pre>
 */
public final class PostgresBalanceTracker implements BalanceTracker {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresBalanceTracker.class);

  /**
   * How this store wants to be auto-batched, which {@code balance.autoBatch=true} applies: the
   * {@link io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker} defaults with 4 batches of
   * one kind in flight, since each batch waits for its own commit on its own connection and the
   * server serves several connections in parallel (measured: 2.2–2.4× single calls at 32 threads
   * with 4 in flight, 1.35–2.56× with 1; see {@code docs/performance.md}). For trackers built in
   * code: {@code AutoBatchingBalanceTracker.configure(tracker).settings(AUTO_BATCH_SETTINGS)}.
   */
  public static final AutoBatchSettings AUTO_BATCH_SETTINGS =
      AutoBatchSettings.DEFAULTS.withMaxConcurrentBatches(4);

  /** The default time an operation waits for a pooled connection. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(1);

  /** The default time the pool may take to open a new connection (TCP connect and login). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** The default longest run of one statement. */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(2);

  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final Sql sql;
  private final SchemaOptions schemaOptions;
  private final Retention retention;
  private final String description;
  private final RetryExecutor executor;
  private final StartupResult migrationStartup;

  private PostgresBalanceTracker(
      DataSource dataSource,
      HikariDataSource ownedPool,
      SchemaOptions schemaOptions,
      Retention retention,
      int maxRetries,
      String description,
      Duration acquireBound,
      Duration statementTimeout,
      StartupResult migrationStartup) {
    this.dataSource = dataSource;
    this.migrationStartup = migrationStartup;
    this.ownedPool = ownedPool;
    this.schemaOptions = schemaOptions;
    this.retention = retention;
    this.sql = new Sql(schemaOptions);
    this.description = description;
    this.executor =
        new RetryExecutor(dataSource, description, maxRetries, acquireBound, statementTimeout);
  }

  /**
   * The longest a call of this tracker blocks before it fails with {@link
   * BalanceStoreUnavailableException}, however the server behaves (hung, unreachable, slow): the
   * pool's acquisition bound ({@code connectionTimeout} plus HikariCP's validation of an idle
   * connection, {@code min(connectionTimeout, 500 ms)}), plus {@code statementTimeout}, plus a
   * grace of 500 ms between the server's statement timeout and the client's socket timeout. Retries
   * of a rolled-back statement happen only within the same bound. With a {@link
   * Builder#dataSource(DataSource) data source of your own}, its acquisition timeout stands in for
   * {@code connectionTimeout}. {@link #trimRetention()} is bounded per statement, not as a whole.
   *
   * @return the bound
   */
  public Duration callTimeout() {
    return executor.callTimeout();
  }

  /**
   * Starts configuring a tracker.
   *
   * @return a builder
   */
  public static Builder configure() {
    return new Builder();
  }

  /**
   * The table names' options (database schema and table prefix) this tracker uses.
   *
   * @return the options
   */
  public SchemaOptions schemaOptions() {
    return schemaOptions;
  }

  /**
   * The data source the tracker takes its connections from.
   *
   * @return the data source
   */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * What the migration step of {@link Builder#start()} did: migrated or verified the tracker's
   * tables, the change sets applied, how long it took.
   *
   * @return the result
   */
  public StartupResult migrationStartup() {
    return migrationStartup;
  }

  /**
   * The retention {@link #trimRetention()} applies.
   *
   * @return the retention
   */
  public Retention retention() {
    return retention;
  }

  @Override
  public AccountBalance balance(AccountId account) {
    requireAccount(account);
    return executor.run("balance of", account, Kind.READ, c -> Queries.balance(c, sql, account));
  }

  @Override
  public PrepareResult prepare(PrepareRequest request) {
    Objects.requireNonNull(request, "request");
    OpsBatch b = new OpsBatch(1);
    b.addPrepare(request);
    return Codec.prepare(request, one("prepare on", request.account(), b)).get();
  }

  @Override
  public AccountBalance reject(PrepareResult prepare) {
    Objects.requireNonNull(prepare, "prepare");
    OpsBatch b = new OpsBatch(1);
    b.addReject(prepare);
    return Codec.reject(prepare, one("reject on", prepare.account(), b)).get();
  }

  @Override
  public HoldResult commit(HoldRef hold) {
    Objects.requireNonNull(hold, "hold");
    OpsBatch b = new OpsBatch(1);
    b.addHold(Sql.OP_COMMIT_HOLD, hold);
    return Codec.commit(hold, one("commit of hold", hold, b)).get();
  }

  @Override
  public HoldResult reject(HoldRef hold) {
    Objects.requireNonNull(hold, "hold");
    OpsBatch b = new OpsBatch(1);
    b.addHold(Sql.OP_REJECT_HOLD, hold);
    return Codec.releaseHold(hold, null, one("reject of hold", hold, b)).get();
  }

  @Override
  public List<Outcome<HoldResult>> commitHolds(List<HoldRef> holds) {
    return holdBatch(holds, Sql.OP_COMMIT_HOLD, "commits of holds");
  }

  @Override
  public List<Outcome<HoldResult>> rejectHolds(List<HoldRef> holds) {
    return holdBatch(holds, Sql.OP_REJECT_HOLD, "rejects of holds");
  }

  private List<Outcome<HoldResult>> holdBatch(List<HoldRef> holds, short op, String kind) {
    requireItems("holds", holds);
    int n = holds.size();
    if (n == 0) {
      executor.checkOpen();
      return List.of();
    }
    OpsBatch b = new OpsBatch(n);
    for (HoldRef h : holds) {
      b.addHold(op, h);
    }
    List<OpsBatch.Row> rows = runBatch(kind, b);
    List<Outcome<HoldResult>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      HoldRef h = holds.get(i);
      out.add(
          op == Sql.OP_COMMIT_HOLD
              ? Codec.commit(h, rows.get(i))
              : Codec.releaseHold(h, null, rows.get(i)));
    }
    return List.copyOf(out);
  }

  @Override
  public Optional<Hold> hold(HoldRef hold) {
    Objects.requireNonNull(hold, "hold");
    return executor.run("looking up hold", hold, Kind.READ, c -> Queries.hold(c, sql, hold));
  }

  @Override
  public List<Hold> holds(AccountId account) {
    requireAccount(account);
    return executor.run(
        "listing holds of", account, Kind.READ, c -> Queries.holds(c, sql, account));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keyset pagination over the held holds' creation sequence, through a partial index: each page
   * is one indexed range read of {@code limit + 1} rows, whatever the number of accounts.
   */
  @Override
  public HoldPage holds(String cursor, int limit) {
    Amounts.requireLimit("limit", limit);
    long after = Amounts.requireSequenceCursor(cursor);
    return executor.run(
        "listing held holds after cursor",
        cursor,
        Kind.READ,
        c -> Queries.holds(c, sql, after, limit));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One call of {@code balance_expire_holds}: the holds due are found through a partial index on
   * {@code expires_at} of held holds (oldest expiry first), their accounts locked in id order, and
   * each hold re-read under its account's lock before it is released, so concurrent callers in any
   * number of processes release each hold once (a caller that finds a hold already released skips
   * it). A hold whose give-back would overflow stays held. A lost connection is {@link
   * BalanceStoreUnavailableException} in doubt: the holds may have been released; call again.
   */
  @Override
  public List<Hold> expireHolds(int limit) {
    Amounts.requireLimit("limit", limit);
    return executor.run(
        "expiring holds, at most", limit, Kind.WRITE, c -> Queries.expireHolds(c, sql, limit));
  }

  @Override
  public List<JournalEntry> journal(AccountId account, long fromSequence, int limit) {
    requireAccount(account);
    Amounts.requireSequence(fromSequence);
    Amounts.requireLimit("limit", limit);
    return executor.run(
        "reading the journal of",
        account,
        Kind.READ,
        c -> Queries.journal(c, sql, account, fromSequence, limit));
  }

  /**
   * What {@link #trimRetention()} deleted.
   *
   * @param operations resolved operation records (holds committed, rejected or expired, and
   *     identified fulfills) older than {@link Retention#operations()}
   * @param journalEntries journal entries beyond {@link Retention#journalEntries()} per account or
   *     older than {@link Retention#journalAge()}
   */
  public record Trimmed(long operations, long journalEntries) {}

  /**
   * Deletes what the {@link Builder#retention(Retention) retention} no longer keeps: records of
   * operations resolved longer ago than {@link Retention#operations()} (by the server's clock; a
   * repeat of such an operation is then no longer recognised), journal entries older than {@link
   * Retention#journalAge()} when set, and, when {@link Retention#journalEntries()} is set, each
   * account's journal entries but the newest that many. Held holds, balances, settlements and
   * idempotency keys of incoming settlements are never touched.
   *
   * <p>Runs as a series of short auto-commit statements (at most 5,000 rows, or 1,000 accounts,
   * each), each bounded by the statement timeout, so it never holds locks for long and never blocks
   * the hot path: it takes no account lock and deletes only rows that can no longer change. It is
   * safe to run concurrently with every operation and with other trims, in any number of processes
   * (a row deleted by one is simply not counted by the other). Call it from a scheduler (for
   * example next to {@link #expireHolds(int)}); nothing is trimmed otherwise.
   *
   * @return what was deleted
   * @throws BalanceStoreUnavailableException when the store fails; what was deleted before stays
   *     deleted, and calling again continues
   */
  public Trimmed trimRetention() {
    long[] deleted = RetentionTrim.run(executor, sql, retention);
    return new Trimmed(deleted[0], deleted[1]);
  }

  @Override
  public FulfillResult fulfill(FulfillRequest request) {
    Objects.requireNonNull(request, "request");
    SettlementId settlementId = SettlementId.random(request.account());
    OpsBatch b = new OpsBatch(1);
    b.addFulfill(request, settlementId);
    return Codec.fulfill(request, settlementId, one("fulfill on", request.account(), b)).get();
  }

  @Override
  public SettlementOutcome settlementSucceeded(SettlementId id) {
    return closeSettlement(id, true);
  }

  @Override
  public SettlementOutcome settlementFailed(SettlementId id) {
    return closeSettlement(id, false);
  }

  private SettlementOutcome closeSettlement(SettlementId id, boolean succeeded) {
    requireSettlement(id);
    return executor.run(
        succeeded ? "closing as succeeded settlement" : "closing as failed settlement",
        id,
        Kind.IDEMPOTENT,
        c -> Queries.closeSettlement(c, sql, id, succeeded));
  }

  @Override
  public List<PendingSettlement> pendingSettlements(AccountId account) {
    requireAccount(account);
    return executor.run(
        "listing pending settlements of",
        account,
        Kind.READ,
        c -> Queries.pendingSettlements(c, sql, account));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keyset pagination over the pending settlements' opening sequence, through the partial index
   * {@code balance_settlements_pending_seq_ix} (created with the table, so databases migrated by
   * earlier builds have it): each page is one indexed range read of {@code limit + 1} rows, however
   * many accounts and closed settlements the store has.
   */
  @Override
  public SettlementPage pendingSettlements(String cursor, int limit) {
    Amounts.requireLimit("limit", limit);
    long after = Amounts.requireSettlementCursor(cursor);
    return executor.run(
        "listing pending settlements after cursor",
        cursor,
        Kind.READ,
        c -> Queries.pendingSettlements(c, sql, after, limit));
  }

  @Override
  public IncomingSettlementResult incomingSettlement(
      String idempotencyKey, AccountId account, long amount) {
    Amounts.requireIdempotencyKey(idempotencyKey);
    requireAccount(account);
    Amounts.requireNonNegative("amount", amount);
    return executor.run(
        "incoming settlement on " + account + " with key",
        idempotencyKey,
        Kind.IDEMPOTENT,
        c -> Queries.incomingSettlement(c, sql, idempotencyKey, account, amount));
  }

  @Override
  public List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests) {
    requireItems("requests", requests);
    int n = requests.size();
    if (n == 0) {
      executor.checkOpen();
      return List.of();
    }
    OpsBatch b = new OpsBatch(n);
    for (PrepareRequest r : requests) {
      b.addPrepare(r);
    }
    List<OpsBatch.Row> rows = runBatch("prepares", b);
    List<Outcome<PrepareResult>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Codec.prepare(requests.get(i), rows.get(i)));
    }
    return List.copyOf(out);
  }

  @Override
  public List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests) {
    requireItems("requests", requests);
    int n = requests.size();
    if (n == 0) {
      executor.checkOpen();
      return List.of();
    }
    OpsBatch b = new OpsBatch(n);
    SettlementId[] ids = new SettlementId[n];
    for (int i = 0; i < n; i++) {
      FulfillRequest r = requests.get(i);
      ids[i] = SettlementId.random(r.account());
      b.addFulfill(r, ids[i]);
    }
    List<OpsBatch.Row> rows = runBatch("fulfills", b);
    List<Outcome<FulfillResult>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Codec.fulfill(requests.get(i), ids[i], rows.get(i)));
    }
    return List.copyOf(out);
  }

  @Override
  public List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares) {
    requireItems("prepares", prepares);
    int n = prepares.size();
    if (n == 0) {
      executor.checkOpen();
      return List.of();
    }
    OpsBatch b = new OpsBatch(n);
    for (PrepareResult p : prepares) {
      b.addReject(p);
    }
    List<OpsBatch.Row> rows = runBatch("rejects", b);
    List<Outcome<AccountBalance>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Codec.reject(prepares.get(i), rows.get(i)));
    }
    return List.copyOf(out);
  }

  /**
   * Refuses new calls ({@link IllegalStateException}), waits for the calls in flight to complete
   * (at most {@link #callTimeout()} and a second), then closes the connection pool the tracker
   * created from a URL (a given data source stays open). Idempotent.
   */
  @Override
  public void close() {
    if (executor.gate().isClosed()) {
      return;
    }
    Duration callTimeout = executor.callTimeout();
    boolean idle = executor.gate().close(callTimeout.plusSeconds(1));
    if (!idle) {
      LOG.warn("{}: closing with calls still in flight after {}", description, callTimeout);
    }
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  @Override
  public String toString() {
    return "PostgresBalanceTracker[" + description + "]";
  }

  // ---------------------------------------------------------------------------------------------

  private OpsBatch.Row one(String operation, Object subject, OpsBatch b) {
    return executor.run(
        operation,
        subject,
        b.idempotent() ? Kind.IDEMPOTENT : Kind.WRITE,
        c -> b.run(c, sql, description, operation + " " + subject).get(0));
  }

  private List<OpsBatch.Row> runBatch(String kind, OpsBatch b) {
    return executor.run(
        "batch of " + kind + ", items:",
        b.size(),
        b.idempotent() ? Kind.IDEMPOTENT : Kind.WRITE,
        c -> b.run(c, sql, description, "a batch of " + kind));
  }

  private static void requireSettlement(SettlementId id) {
    Amounts.requireSettlement(id);
  }

  /**
   * Configures a {@link PostgresBalanceTracker}. Give either a {@link #dataSource(DataSource)} (the
   * tracker never closes it) or a {@link #url(String, String, String) URL} (the tracker creates and
   * closes its own HikariCP pool).
   */
  public static final class Builder {
    private DataSource dataSource;
    private String url;
    private String user;
    private String password;
    private int maximumPoolSize = 10;
    private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration statementTimeout = DEFAULT_STATEMENT_TIMEOUT;
    private SchemaOptions schemaOptions = SchemaOptions.DEFAULT;
    private boolean runMigration;
    private int maxRetries = 10;
    private String applicationName = "ledgerkit-balance";
    private Retention retention = Retention.unboundedJournal();
    private MetricsTrackerFactory metricsTrackerFactory;

    private Builder() {}

    /**
     * Uses the caller's data source (for example a shared HikariCP pool). The tracker uses
     * auto-commit connections and does not close the data source.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Connects with a JDBC URL whose user and password (if any) are part of the URL.
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} URL
     * @return this builder
     */
    public Builder url(String jdbcUrl) {
      return url(jdbcUrl, null, null);
    }

    /**
     * Connects with a JDBC URL, user and password through a HikariCP pool owned by the tracker.
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} URL
     * @param user the user, or {@code null} to take it from the URL
     * @param password the password, or {@code null}
     * @return this builder
     */
    public Builder url(String jdbcUrl, String user, String password) {
      Objects.requireNonNull(jdbcUrl, "jdbcUrl");
      if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "URL '"
                + Masking.mask(jdbcUrl)
                + "' is not a PostgreSQL JDBC URL; use jdbc:postgresql://host:port/database");
      }
      this.url = jdbcUrl;
      this.user = user;
      this.password = password;
      return this;
    }

    /**
     * The {@code application_name} of the pool's connections, as shown in {@code pg_stat_activity}
     * (default {@code ledgerkit-balance}). Ignored with a data source.
     *
     * @param name the name
     * @return this builder
     */
    public Builder applicationName(String name) {
      this.applicationName = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * HikariCP's metrics tracker for the pool created for a URL (for example Hikari's own {@code
     * MicrometerMetricsTrackerFactory}; default none). Ignored with a data source: set it on that
     * pool.
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder metricsTrackerFactory(MetricsTrackerFactory factory) {
      this.metricsTrackerFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * The size of the pool created for a URL (default 10). Ignored with a data source.
     *
     * @param size 1 or more
     * @return this builder
     */
    public Builder maximumPoolSize(int size) {
      PoolSettings.requireSizes(size, 0);
      this.maximumPoolSize = size;
      return this;
    }

    /**
     * How long an operation waits for a pooled connection before it fails with {@link
     * BalanceStoreUnavailableException}, nothing applied (default 1 s). Ignored with a data source.
     *
     * @param timeout at least 250 ms
     * @return this builder
     */
    public Builder connectionTimeout(Duration timeout) {
      PoolSettings.requireTimeout("connectionTimeout", timeout);
      this.connectionTimeout = timeout;
      return this;
    }

    /**
     * How long the pool may take to open a new connection: TCP connect and login (default 2 s,
     * rounded up to whole seconds as the driver counts them). Ignored with a data source.
     *
     * @param timeout at least 1 s
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException(
            "connectTimeout " + timeout + " is below the driver's minimum of 1 s");
      }
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * How long one statement may run (default 2 s). The server cancels a statement that runs longer
     * (it is rolled back: {@link BalanceStoreUnavailableException} with nothing applied); the
     * client gives up 500 ms later on a server that does not answer at all (a hung server: the
     * outcome of a write is then in doubt). With a data source of your own only the client side
     * applies; set {@code statement_timeout} on its connections for the server side.
     *
     * @param timeout 100 ms to 10 minutes
     * @return this builder
     */
    public Builder statementTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw new IllegalArgumentException(
            "statementTimeout " + timeout + " is out of range; use 100 ms to 10 minutes");
      }
      this.statementTimeout = timeout;
      return this;
    }

    /**
     * The database schema and table prefix of the tracker's tables (default: the connection's
     * current schema, no prefix). Use the same options for the migration.
     *
     * @param options the options
     * @return this builder
     */
    public Builder schemaOptions(SchemaOptions options) {
      this.schemaOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Whether {@link #start()} creates or updates the tables ({@code true}) or only verifies that
     * they are up to date ({@code false}, the default: an out-of-date database fails the build with
     * the list of pending change sets).
     *
     * @param runMigration {@code true} to migrate at start-up
     * @return this builder
     */
    public Builder runMigration(boolean runMigration) {
      this.runMigration = runMigration;
      return this;
    }

    /**
     * How many times a statement rolled back by a serialization failure or deadlock is retried
     * before the operation fails with {@link BalanceStoreUnavailableException} (default 10).
     *
     * @param maxRetries 0 or more
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0) {
        throw new IllegalArgumentException("maxRetries " + maxRetries + " must not be negative");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * How long resolved operation records and journal entries are kept by {@link
     * PostgresBalanceTracker#trimRetention()} (default {@link Retention#unboundedJournal()}:
     * operation records one day, the journal whole). Nothing is trimmed unless {@code
     * trimRetention()} is called; records are never trimmed before their retention has passed.
     *
     * @param retention the retention
     * @return this builder
     */
    public Builder retention(Retention retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * Connects, checks that the database is PostgreSQL, migrates or verifies the tables, and
     * returns the tracker.
     *
     * @return the tracker
     * @throws IllegalStateException when neither or both of a data source and a URL were given, or
     *     the database is not PostgreSQL
     * @throws BalanceStoreUnavailableException when the database cannot be reached
     */
    public PostgresBalanceTracker start() {
      if ((dataSource == null) == (url == null)) {
        throw new IllegalStateException(
            "give exactly one of dataSource(...) or url(...) to PostgresBalanceTracker.configure()");
      }
      HikariDataSource owned = null;
      DataSource ds = dataSource;
      String description;
      if (url != null) {
        // Auto-commit, read-committed connections whose every wait is bounded: the acquisition,
        // the connect and login, each statement on the server and, as a floor for anything the
        // per-call network timeout does not cover, the socket.
        owned =
            Pools.open(
                PoolSettings.configure()
                    .url(url, user, password)
                    .poolName("ledgerkit-balance-postgres")
                    .size(maximumPoolSize, Math.min(2, maximumPoolSize))
                    .connectionTimeout(connectionTimeout)
                    .validationTimeout(Pools.tightValidationTimeout(connectionTimeout))
                    .connectTimeout(connectTimeout)
                    .socketTimeout(statementTimeout.plus(RetryExecutor.SOCKET_GRACE))
                    .applicationName(applicationName)
                    .autoCommit(true)
                    .isolation(TransactionIsolation.READ_COMMITTED)
                    .connectAtStart(false)
                    .dataSourceProperty(
                        "options", "-c statement_timeout=" + statementTimeout.toMillis())
                    .dataSourceProperty("tcpKeepAlive", "true")
                    .metricsTrackerFactory(metricsTrackerFactory)
                    .load());
        ds = owned;
        description = "PostgreSQL balance store " + Masking.mask(url);
      } else {
        description = "PostgreSQL balance store (" + dataSource.getClass().getSimpleName() + ")";
      }
      try {
        try (Connection c = ds.getConnection()) {
          String product = c.getMetaData().getDatabaseProductName();
          if (!"PostgreSQL".equalsIgnoreCase(product)) {
            throw new IllegalStateException(
                "PostgresBalanceTracker needs PostgreSQL but the data source is "
                    + product
                    + "; use a jdbc:postgresql: database, or another balance store");
          }
        } catch (SQLException e) {
          throw BalanceStoreUnavailableException.notApplied(
              description + ": cannot connect (" + e.getMessage() + ")", e);
        }
        StartupResult migration =
            SchemaMigration.configure()
                .dataSource(ds)
                .schema(new PostgresBalanceSchemaV1(), schemaOptions)
                .runMigration(runMigration)
                .load()
                .startup();
        return new PostgresBalanceTracker(
            ds,
            owned,
            schemaOptions,
            retention,
            maxRetries,
            description,
            connectionTimeout.plus(Pools.tightValidationTimeout(connectionTimeout)),
            statementTimeout,
            migration);
      } catch (RuntimeException e) {
        if (owned != null) {
          owned.close();
        }
        throw e;
      }
    }
  }
}
