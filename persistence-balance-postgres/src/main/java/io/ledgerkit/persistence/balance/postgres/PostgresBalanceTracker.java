package io.ledgerkit.persistence.balance.postgres;

import static io.ledgerkit.persistence.balance.internal.Amounts.requireAccount;
import static io.ledgerkit.persistence.balance.internal.Amounts.requireItems;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
import io.ledgerkit.persistence.balance.postgres.internal.Sql;
import io.ledgerkit.persistence.balance.postgres.internal.SqlErrors;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BalanceTracker} on PostgreSQL.
 *
 * <ul>
 *   <li>Every single operation is one SQL statement, one round trip and one commit: the account's
 *       row is locked, the arithmetic done in {@code numeric}, and either a conditional {@code
 *       UPDATE} or (on first use of the account) an {@code INSERT ... ON CONFLICT DO NOTHING}
 *       applies it. A refusal changes nothing.
 *   <li>The batch forms ({@link #prepareAll}, {@link #fulfillAll}, {@link #rejectAll}) are one call
 *       of the server-side function {@code balance_apply_batch}: one round trip and one commit for
 *       the whole batch, items applied in order with their own results, the batch's accounts locked
 *       in id order so that concurrent batches cannot deadlock. Wrap the tracker in {@link
 *       io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker} to give concurrent single
 *       callers group commit.
 *   <li>Incoming settlements are idempotent through a unique key written in the same statement as
 *       the balance change. Only an overflow refusal takes a second round trip: the key is read
 *       again, so that a concurrent first use of it answers instead of the refusal.
 *   <li>A batch is one statement in auto-commit: it applies all its items' outcomes or nothing. A
 *       data error of one item (a value or a trigger the tracker did not write, SQLSTATE class
 *       22/23, P0001) rolls the whole batch back and is {@link IllegalStateException}; the
 *       auto-batching wrapper then runs the batch's items alone.
 *   <li>Every call is bounded in time: see {@link #callTimeout()}.
 *   <li>Serialization failures and deadlocks (40001, 40P01) are retried a bounded number of times;
 *       a lost connection is {@link BalanceStoreUnavailableException} (the outcome of a prepare,
 *       fulfill or reject in flight is then unknown; idempotent operations are retried once on a
 *       new connection first).
 * </ul>
 *
 * <p>Its tables are {@link PostgresBalanceSchemaV1}: created by {@code SchemaMigration} when the
 * builder says {@link Builder#runMigration(boolean) runMigration(true)}, else verified at start-up.
 *
 * <pre>{@code
 * BalanceTracker tracker = PostgresBalanceTracker.builder()
 *     .url("jdbc:postgresql://db:5432/ledger", "ledger", password)
 *     .runMigration(true)
 *     .build();
 * }</pre>
 */
public final class PostgresBalanceTracker implements BalanceTracker {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresBalanceTracker.class);

  /** Retries of an idempotent operation after a lost connection. */
  private static final int CONNECTION_RETRIES = 1;

  /** The default time an operation waits for a pooled connection. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(1);

  /** The default time the pool may take to open a new connection (TCP connect and login). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** The default longest run of one statement. */
  public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(2);

  /** How much longer the client waits for a reply than the server's statement timeout. */
  private static final Duration SOCKET_GRACE = Duration.ofMillis(500);

  /** Runs {@link Connection#setNetworkTimeout} callbacks (PostgreSQL's driver needs none). */
  private static final java.util.concurrent.Executor DIRECT = Runnable::run;

  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final Sql sql;
  private final SchemaOptions schemaOptions;
  private final int maxRetries;
  private final String description;
  private final CallGate gate = new CallGate("PostgreSQL balance tracker");
  private final Duration acquireBound;
  private final Duration statementTimeout;
  private final int socketTimeoutMillis;
  private final Duration callTimeout;

  private PostgresBalanceTracker(
      DataSource dataSource,
      HikariDataSource ownedPool,
      SchemaOptions schemaOptions,
      int maxRetries,
      String description,
      Duration acquireBound,
      Duration statementTimeout) {
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.schemaOptions = schemaOptions;
    this.sql = new Sql(schemaOptions);
    this.maxRetries = maxRetries;
    this.description = description;
    this.acquireBound = acquireBound;
    this.statementTimeout = statementTimeout;
    this.socketTimeoutMillis = (int) statementTimeout.plus(SOCKET_GRACE).toMillis();
    this.callTimeout = acquireBound.plus(statementTimeout).plus(SOCKET_GRACE);
  }

  /**
   * The longest a call of this tracker blocks before it fails with {@link
   * BalanceStoreUnavailableException}, however the server behaves (hung, unreachable, slow): the
   * pool's acquisition bound ({@code connectionTimeout} plus HikariCP's validation of an idle
   * connection, {@code min(connectionTimeout, 500 ms)}), plus {@code statementTimeout}, plus a
   * grace of 500 ms between the server's statement timeout and the client's socket timeout. Retries
   * of a rolled-back statement happen only within the same bound. With a {@link
   * Builder#dataSource(DataSource) data source of your own}, its acquisition timeout stands in for
   * {@code connectionTimeout}.
   *
   * @return the bound
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /**
   * Starts configuring a tracker.
   *
   * @return a builder
   */
  public static Builder builder() {
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

  @Override
  public AccountBalance balance(AccountId account) {
    requireAccount(account);
    return run(
        "balance of",
        account,
        Kind.READ,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.balance)) {
            ps.setString(1, account.value());
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return AccountBalance.zero(account);
              }
              return new AccountBalance(account, rs.getLong(1), rs.getLong(2));
            }
          }
        });
  }

  @Override
  public PrepareResult prepare(PrepareRequest request) {
    Objects.requireNonNull(request, "request");
    AccountId account = request.account();
    String id = account.value();
    return run(
        "prepare on",
        account,
        Kind.WRITE,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.prepare)) {
            ps.setString(1, id);
            ps.setLong(2, request.amount());
            setLong(ps, 3, request.minBalance());
            ps.setString(4, id);
            ps.setString(5, id);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              int status = rs.getInt(1);
              long clearing = rs.getLong(2);
              long prepaid = rs.getLong(3);
              if (status == Sql.OK) {
                long fromPrepaid = rs.getLong(4);
                long fromClearing = rs.getLong(5);
                return new PrepareResult(
                    account,
                    request.amount(),
                    fromPrepaid,
                    fromClearing,
                    new AccountBalance(account, clearing - fromClearing, prepaid - fromPrepaid));
              }
              throw prepareRefusal(request, status, clearing, prepaid);
            }
          }
        });
  }

  @Override
  public AccountBalance reject(PrepareResult prepare) {
    Objects.requireNonNull(prepare, "prepare");
    AccountId account = prepare.account();
    String id = account.value();
    return run(
        "reject on",
        account,
        Kind.WRITE,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.reject)) {
            ps.setString(1, id);
            ps.setLong(2, prepare.fromPrepaid());
            ps.setLong(3, prepare.fromClearing());
            ps.setString(4, id);
            ps.setString(5, id);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              int status = rs.getInt(1);
              if (status == Sql.OK) {
                return new AccountBalance(account, rs.getLong(4), rs.getLong(5));
              }
              throw rejectRefusal(prepare, rs.getLong(2), rs.getLong(3));
            }
          }
        });
  }

  @Override
  public FulfillResult fulfill(FulfillRequest request) {
    Objects.requireNonNull(request, "request");
    AccountId account = request.account();
    String id = account.value();
    BalanceSettings settings = request.settings();
    SettlementId settlementId = SettlementId.random(account);
    return run(
        "fulfill on",
        account,
        Kind.WRITE,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.fulfill)) {
            ps.setString(1, id);
            ps.setLong(2, request.amount());
            setLong(ps, 3, settings.settleThreshold());
            ps.setLong(4, settings.settleTo());
            ps.setString(5, id);
            ps.setString(6, id);
            ps.setString(7, id);
            ps.setObject(8, settlementId.key());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              int status = rs.getInt(1);
              long prepaid = rs.getLong(3);
              if (status == Sql.OK) {
                return fulfillResult(account, settlementId, rs.getLong(4), rs.getLong(5), prepaid);
              }
              throw fulfillRefusal(request, rs.getLong(2), prepaid);
            }
          }
        });
  }

  @Override
  public SettlementOutcome settlementSucceeded(SettlementId id) {
    requireSettlement(id);
    String account = id.account().value();
    return run(
        "closing as succeeded settlement",
        id,
        Kind.IDEMPOTENT,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.settlementSucceeded)) {
            ps.setString(1, account);
            ps.setObject(2, id.key());
            ps.setString(3, account);
            ps.setObject(4, id.key());
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new UnknownSettlementException(id);
              }
              PendingSettlement s = new PendingSettlement(id, id.account(), rs.getLong(1));
              String status = rs.getString(2);
              if ("FAILED".equals(status)) {
                throw closeConflict(id, SettlementOutcome.Status.FAILED, "SUCCEEDED");
              }
              return new SettlementOutcome(s, SettlementOutcome.Status.SUCCEEDED);
            }
          }
        });
  }

  @Override
  public SettlementOutcome settlementFailed(SettlementId id) {
    requireSettlement(id);
    String account = id.account().value();
    return run(
        "closing as failed settlement",
        id,
        Kind.IDEMPOTENT,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.settlementFailed)) {
            ps.setString(1, account);
            ps.setObject(2, id.key());
            ps.setString(3, account);
            ps.setString(4, account);
            ps.setObject(5, id.key());
            ps.setString(6, account);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                throw new UnknownSettlementException(id);
              }
              long amount = rs.getLong(1);
              PendingSettlement s = new PendingSettlement(id, id.account(), amount);
              String status = rs.getString(2);
              int code = rs.getInt(3);
              if ("SUCCEEDED".equals(status)) {
                throw closeConflict(id, SettlementOutcome.Status.SUCCEEDED, "FAILED");
              }
              if ("PENDING".equals(status) && code == Sql.OVERFLOW) {
                throw new BalanceOverflowException(
                    id.account(),
                    "failed settlement "
                        + id
                        + " of "
                        + amount
                        + " back onto clearing "
                        + rs.getLong(4)
                        + " (prepaid "
                        + rs.getLong(5)
                        + "); it stays pending");
              }
              if ("PENDING".equals(status) && code == Sql.MISSING_ACCOUNT) {
                throw new IllegalStateException(
                    "settlement "
                        + id
                        + " is pending but its account has no row in "
                        + sql.accountsTable
                        + "; the balance tables were edited outside the tracker");
              }
              return new SettlementOutcome(s, SettlementOutcome.Status.FAILED);
            }
          }
        });
  }

  @Override
  public List<PendingSettlement> pendingSettlements(AccountId account) {
    requireAccount(account);
    return run(
        "listing pending settlements of",
        account,
        Kind.READ,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.pendingOfAccount)) {
            ps.setString(1, account.value());
            try (ResultSet rs = ps.executeQuery()) {
              List<PendingSettlement> out = new ArrayList<>();
              while (rs.next()) {
                out.add(
                    new PendingSettlement(
                        new SettlementId(account, rs.getObject(1, UUID.class)),
                        account,
                        rs.getLong(2)));
              }
              return List.copyOf(out);
            }
          }
        });
  }

  @Override
  public List<PendingSettlement> pendingSettlements() {
    return run(
        "listing all pending settlements",
        "",
        Kind.READ,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.pendingAll);
              ResultSet rs = ps.executeQuery()) {
            List<PendingSettlement> out = new ArrayList<>();
            while (rs.next()) {
              AccountId account = AccountId.of(rs.getString(1));
              out.add(
                  new PendingSettlement(
                      new SettlementId(account, rs.getObject(2, UUID.class)),
                      account,
                      rs.getLong(3)));
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public IncomingSettlementResult incomingSettlement(
      String idempotencyKey, AccountId account, long amount) {
    Amounts.requireIdempotencyKey(idempotencyKey);
    requireAccount(account);
    Amounts.requireNonNegative("amount", amount);
    String id = account.value();
    return run(
        "incoming settlement on " + account + " with key",
        idempotencyKey,
        Kind.IDEMPOTENT,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.incoming)) {
            ps.setString(1, idempotencyKey);
            ps.setString(2, id);
            ps.setLong(3, amount);
            ps.setString(4, idempotencyKey);
            ps.setString(5, id);
            ps.setString(6, id);
            ps.setString(7, id);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              boolean fresh = rs.getBoolean(1);
              if (!fresh) {
                return earlierIncoming(
                    idempotencyKey,
                    account,
                    amount,
                    AccountId.of(rs.getString(9)),
                    rs.getLong(10),
                    rs.getLong(11),
                    rs.getLong(12),
                    rs.getLong(13),
                    rs.getLong(14));
              }
              int status = rs.getInt(2);
              if (status != Sql.OK) {
                // The statement wrote nothing. Its snapshot may predate a concurrent first use of
                // the key (whose balance change the row lock then showed it): that use decides.
                try (PreparedStatement again = c.prepareStatement(sql.incomingByKey)) {
                  again.setString(1, idempotencyKey);
                  try (ResultSet e = again.executeQuery()) {
                    if (e.next()) {
                      return earlierIncoming(
                          idempotencyKey,
                          account,
                          amount,
                          AccountId.of(e.getString(1)),
                          e.getLong(2),
                          e.getLong(3),
                          e.getLong(4),
                          e.getLong(5),
                          e.getLong(6));
                    }
                  }
                }
                throw new BalanceOverflowException(
                    account,
                    "incoming settlement '"
                        + idempotencyKey
                        + "' of "
                        + amount
                        + " (prepaid "
                        + rs.getLong(4)
                        + ", clearing "
                        + rs.getLong(3)
                        + ")");
              }
              return new IncomingSettlementResult(
                  idempotencyKey,
                  account,
                  amount,
                  rs.getLong(5),
                  rs.getLong(6),
                  new AccountBalance(account, rs.getLong(7), rs.getLong(8)));
            }
          }
        });
  }

  @Override
  public List<Outcome<PrepareResult>> prepareAll(List<PrepareRequest> requests) {
    requireItems("requests", requests);
    int n = requests.size();
    if (n == 0) {
      checkOpen();
      return List.of();
    }
    Batch b = new Batch(n);
    for (PrepareRequest r : requests) {
      b.add(Sql.OP_PREPARE, r.account(), r.amount(), r.minBalance(), null, null);
    }
    List<Row> rows = runBatch("prepares", b);
    List<Outcome<PrepareResult>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      PrepareRequest r = requests.get(i);
      Row row = rows.get(i);
      if (row.status == Sql.OK) {
        out.add(
            Outcome.success(
                new PrepareResult(
                    r.account(),
                    r.amount(),
                    row.v1,
                    row.v2,
                    new AccountBalance(r.account(), row.clearing, row.prepaid))));
      } else {
        out.add(Outcome.failure(prepareRefusal(r, row.status, row.clearing, row.prepaid)));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<Outcome<FulfillResult>> fulfillAll(List<FulfillRequest> requests) {
    requireItems("requests", requests);
    int n = requests.size();
    if (n == 0) {
      checkOpen();
      return List.of();
    }
    Batch b = new Batch(n);
    SettlementId[] ids = new SettlementId[n];
    for (int i = 0; i < n; i++) {
      FulfillRequest r = requests.get(i);
      ids[i] = SettlementId.random(r.account());
      BalanceSettings s = r.settings();
      b.add(
          Sql.OP_FULFILL, r.account(), r.amount(), s.settleThreshold(), s.settleTo(), ids[i].key());
    }
    List<Row> rows = runBatch("fulfills", b);
    List<Outcome<FulfillResult>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      FulfillRequest r = requests.get(i);
      Row row = rows.get(i);
      if (row.status == Sql.OK) {
        out.add(
            Outcome.success(fulfillResult(r.account(), ids[i], row.v1, row.clearing, row.prepaid)));
      } else {
        out.add(Outcome.failure(fulfillRefusal(r, row.clearing, row.prepaid)));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public List<Outcome<AccountBalance>> rejectAll(List<PrepareResult> prepares) {
    requireItems("prepares", prepares);
    int n = prepares.size();
    if (n == 0) {
      checkOpen();
      return List.of();
    }
    Batch b = new Batch(n);
    for (PrepareResult p : prepares) {
      b.add(Sql.OP_REJECT, p.account(), p.amount(), p.fromPrepaid(), p.fromClearing(), null);
    }
    List<Row> rows = runBatch("rejects", b);
    List<Outcome<AccountBalance>> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      PrepareResult p = prepares.get(i);
      Row row = rows.get(i);
      if (row.status == Sql.OK) {
        out.add(Outcome.success(new AccountBalance(p.account(), row.clearing, row.prepaid)));
      } else {
        out.add(Outcome.failure(rejectRefusal(p, row.clearing, row.prepaid)));
      }
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
    if (gate.isClosed()) {
      return;
    }
    boolean idle = gate.close(callTimeout.plusSeconds(1));
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

  private static FulfillResult fulfillResult(
      AccountId account, SettlementId id, long settled, long clearing, long prepaid) {
    PendingSettlement settlement = settled > 0 ? new PendingSettlement(id, account, settled) : null;
    return new FulfillResult(new AccountBalance(account, clearing, prepaid), settlement);
  }

  private static IncomingSettlementResult earlierIncoming(
      String idempotencyKey,
      AccountId account,
      long amount,
      AccountId earlierAccount,
      long earlierAmount,
      long toClearing,
      long toPrepaid,
      long clearingAfter,
      long prepaidAfter) {
    if (!earlierAccount.equals(account) || earlierAmount != amount) {
      throw new SettlementConflictException(
          "idempotency key '"
              + idempotencyKey
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
    return new IncomingSettlementResult(
        idempotencyKey,
        account,
        amount,
        toClearing,
        toPrepaid,
        new AccountBalance(account, clearingAfter, prepaidAfter));
  }

  private static RuntimeException prepareRefusal(
      PrepareRequest r, int status, long clearing, long prepaid) {
    long net = clearing + prepaid; // the store keeps the sum within 64 bits
    if (status == Sql.INSUFFICIENT) {
      return new InsufficientBalanceException(r.account(), r.amount(), net, r.minBalance());
    }
    long fromClearing = r.amount() - Math.min(prepaid, r.amount());
    return new BalanceOverflowException(
        r.account(),
        "clearing " + clearing + " - " + fromClearing + " (prepare of " + r.amount() + ")");
  }

  private static RuntimeException fulfillRefusal(FulfillRequest r, long clearing, long prepaid) {
    return new BalanceOverflowException(
        r.account(),
        "fulfill of " + r.amount() + " onto clearing " + clearing + " (prepaid " + prepaid + ")");
  }

  private static RuntimeException rejectRefusal(PrepareResult p, long clearing, long prepaid) {
    return new BalanceOverflowException(
        p.account(),
        "reject of "
            + p.amount()
            + " (clearing "
            + clearing
            + " + "
            + p.fromClearing()
            + ", prepaid "
            + prepaid
            + " + "
            + p.fromPrepaid()
            + ")");
  }

  private static SettlementConflictException closeConflict(
      SettlementId id, SettlementOutcome.Status done, String wanted) {
    return new SettlementConflictException(
        "settlement "
            + id
            + " was already closed as "
            + done
            + "; it cannot now be closed as "
            + wanted
            + "; nothing changed");
  }

  private List<Row> runBatch(String kind, Batch b) {
    return run(
        "batch of " + kind + ", items:",
        b.size,
        Kind.WRITE,
        c -> {
          Array ops = c.createArrayOf("int2", b.ops);
          Array accounts = c.createArrayOf("varchar", b.accounts);
          Array amounts = c.createArrayOf("int8", b.amounts);
          Array arg1 = c.createArrayOf("int8", b.arg1);
          Array arg2 = c.createArrayOf("int8", b.arg2);
          Array keys = c.createArrayOf("uuid", b.keys);
          try (PreparedStatement ps = c.prepareStatement(sql.batch)) {
            ps.setArray(1, ops);
            ps.setArray(2, accounts);
            ps.setArray(3, amounts);
            ps.setArray(4, arg1);
            ps.setArray(5, arg2);
            ps.setArray(6, keys);
            try (ResultSet rs = ps.executeQuery()) {
              List<Row> rows = new ArrayList<>(b.size);
              while (rs.next()) {
                rows.add(
                    new Row(
                        rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
              }
              if (rows.size() != b.size) {
                // The statement ran in auto-commit, so the batch is committed by now: not an
                // SQLException (those are reported as "nothing was applied").
                throw BalanceStoreUnavailableException.inDoubt(
                    description
                        + ": balance_apply_batch returned "
                        + rows.size()
                        + " rows for a batch of "
                        + kind
                        + " of "
                        + b.size
                        + " items (is the database migrated by another version of the tracker?);"
                        + " the batch may have been applied, every item's outcome is in doubt:"
                        + " reconcile with balance(account)",
                    null);
              }
              return rows;
            }
          } finally {
            for (Array a : new Array[] {ops, accounts, amounts, arg1, arg2, keys}) {
              a.free();
            }
          }
        });
  }

  /** Runs one unit of work on a pooled connection, with the tracker's retry and error rules. */
  private <T> T run(String operation, Object subject, Kind kind, Work<T> work) {
    try (CallGate.Pass pass = gate.enter(operation + " " + subject)) {
      return attempt(operation, subject, kind, work);
    }
  }

  private <T> T attempt(String operation, Object subject, Kind kind, Work<T> work) {
    int transientRetries = 0;
    int connectionRetries = 0;
    long deadline = System.nanoTime() + callTimeout.toNanos();
    while (true) {
      boolean sent = false;
      try (Connection c = dataSource.getConnection()) {
        if (!c.getAutoCommit()) {
          c.setAutoCommit(true);
        }
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        c.setNetworkTimeout(DIRECT, (int) Math.max(1, Math.min(socketTimeoutMillis, left)));
        sent = true;
        return work.run(c);
      } catch (SQLException e) {
        String state = SqlErrors.state(e);
        String what = operation + " " + subject;
        boolean timeLeft = deadline - System.nanoTime() > acquireBound.toNanos();
        if (SqlErrors.isTransient(e) && transientRetries < maxRetries && timeLeft) {
          transientRetries++;
          LOG.debug(
              "{}: {} rolled back ({}); retry {}", description, what, state, transientRetries);
          backoff(transientRetries, what);
          continue;
        }
        if (SqlErrors.isConnectionLoss(e)) {
          if (sent && kind != Kind.WRITE && connectionRetries < CONNECTION_RETRIES && timeLeft) {
            connectionRetries++;
            LOG.debug("{}: connection lost during {} ({}); retrying", description, what, state);
            continue;
          }
          String message =
              description
                  + ": connection lost during "
                  + what
                  + " (SQLState "
                  + state
                  + ": "
                  + e.getMessage()
                  + ")";
          if (!sent || kind == Kind.READ) {
            throw BalanceStoreUnavailableException.notApplied(message + "; nothing was applied", e);
          }
          throw BalanceStoreUnavailableException.inDoubt(
              message
                  + (kind == Kind.IDEMPOTENT
                      ? "; the operation may have been applied; it is idempotent, retry it"
                      : "; the operation may or may not have been applied"),
              e);
        }
        if (SqlErrors.isDataError(e)) {
          // Not an outage: the data (a row or a trigger edited outside the tracker) refuses the
          // statement, and only for the items it concerns. The statement was rolled back.
          throw new IllegalStateException(
              description
                  + ": "
                  + what
                  + " was refused by the data it met (SQLState "
                  + state
                  + ": "
                  + e.getMessage()
                  + "); the statement was rolled back, nothing was applied; retrying will not"
                  + " help, repair the data",
              e);
        }
        // Any other error of an auto-commit statement rolled it back on the server.
        throw BalanceStoreUnavailableException.notApplied(
            description
                + ": "
                + what
                + " failed"
                + (SqlErrors.isTransient(e) ? " after " + transientRetries + " retries" : "")
                + " (SQLState "
                + state
                + ": "
                + e.getMessage()
                + "); nothing was applied",
            e);
      }
    }
  }

  private void backoff(int attempt, String what) {
    long maxMicros = Math.min(20_000L, 200L << Math.min(attempt, 6));
    try {
      TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(maxMicros / 2, maxMicros));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw BalanceStoreUnavailableException.notApplied(
          description + ": interrupted while retrying " + what + "; nothing was applied", e);
    }
  }

  private void checkOpen() {
    gate.check("the call");
  }

  private static void setLong(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private static void requireSettlement(SettlementId id) {
    if (id == null) {
      throw new NullPointerException("settlement id must not be null");
    }
  }

  /** What a unit of work does, which decides its retry and whether a failure is in doubt. */
  private enum Kind {
    /** Reads only: never in doubt, retried once after a lost connection. */
    READ,
    /** Writes idempotently: in doubt after a lost connection, but retried once first. */
    IDEMPOTENT,
    /** Writes once: in doubt after a lost connection, never resent. */
    WRITE
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private record Row(int status, long clearing, long prepaid, long v1, long v2) {}

  /** The column arrays of one call of the batch function. */
  private static final class Batch {
    final int size;
    final Short[] ops;
    final String[] accounts;
    final Long[] amounts;
    final Long[] arg1;
    final Long[] arg2;
    final UUID[] keys;
    int next;

    Batch(int size) {
      this.size = size;
      this.ops = new Short[size];
      this.accounts = new String[size];
      this.amounts = new Long[size];
      this.arg1 = new Long[size];
      this.arg2 = new Long[size];
      this.keys = new UUID[size];
    }

    void add(short op, AccountId account, long amount, Long a1, Long a2, UUID key) {
      ops[next] = op;
      accounts[next] = account.value();
      amounts[next] = amount;
      arg1[next] = a1;
      arg2[next] = a2;
      keys[next] = key;
      next++;
    }
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
                + redact(jdbcUrl)
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
     * The size of the pool created for a URL (default 10). Ignored with a data source.
     *
     * @param size 1 or more
     * @return this builder
     */
    public Builder maximumPoolSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("maximumPoolSize " + size + " must be at least 1");
      }
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
      Objects.requireNonNull(timeout, "timeout");
      if (timeout.toMillis() < 250) {
        throw new IllegalArgumentException(
            "connectionTimeout " + timeout + " is below HikariCP's minimum of 250 ms");
      }
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
     * Whether {@link #build()} creates or updates the tables ({@code true}) or only verifies that
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
     * Connects, checks that the database is PostgreSQL, migrates or verifies the tables, and
     * returns the tracker.
     *
     * @return the tracker
     * @throws IllegalStateException when neither or both of a data source and a URL were given, or
     *     the database is not PostgreSQL
     * @throws BalanceStoreUnavailableException when the database cannot be reached
     */
    public PostgresBalanceTracker build() {
      if ((dataSource == null) == (url == null)) {
        throw new IllegalStateException(
            "give exactly one of dataSource(...) or url(...) to PostgresBalanceTracker.builder()");
      }
      HikariDataSource owned = null;
      DataSource ds = dataSource;
      String description;
      if (url != null) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
          config.setUsername(user);
        }
        if (password != null) {
          config.setPassword(password);
        }
        config.setPoolName("ledgerkit-balance-postgres");
        config.setMaximumPoolSize(maximumPoolSize);
        config.setMinimumIdle(Math.min(2, maximumPoolSize));
        config.setConnectionTimeout(connectionTimeout.toMillis());
        config.setValidationTimeout(validationTimeout(connectionTimeout).toMillis());
        long connectSeconds = Math.max(1, (connectTimeout.toMillis() + 999) / 1000);
        config.addDataSourceProperty("connectTimeout", Long.toString(connectSeconds));
        config.addDataSourceProperty("loginTimeout", Long.toString(connectSeconds));
        // A floor for anything the per-call network timeout does not cover.
        long socketSeconds = (statementTimeout.plus(SOCKET_GRACE).toMillis() + 999) / 1000;
        config.addDataSourceProperty("socketTimeout", Long.toString(socketSeconds));
        config.addDataSourceProperty(
            "options", "-c statement_timeout=" + statementTimeout.toMillis());
        config.setAutoCommit(true);
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setInitializationFailTimeout(-1);
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", applicationName);
        owned = new HikariDataSource(config);
        ds = owned;
        description = "PostgreSQL balance store " + redact(url);
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
            maxRetries,
            description,
            connectionTimeout.plus(validationTimeout(connectionTimeout)),
            statementTimeout);
      } catch (RuntimeException e) {
        if (owned != null) {
          owned.close();
        }
        throw e;
      }
    }

    private static Duration validationTimeout(Duration connectionTimeout) {
      return connectionTimeout.compareTo(Duration.ofMillis(500)) < 0
          ? Duration.ofMillis(250)
          : Duration.ofMillis(500);
    }

    private static String redact(String jdbcUrl) {
      int q = jdbcUrl.indexOf('?');
      return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }
  }
}
