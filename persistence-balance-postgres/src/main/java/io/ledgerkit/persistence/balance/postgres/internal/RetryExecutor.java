package io.ledgerkit.persistence.balance.postgres.internal;

import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.spi.CallGate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the PostgreSQL balance tracker's units of work on pooled auto-commit connections: the call
 * gate (refusal after close), the per-call time bound, bounded retries of rolled-back statements
 * (40001, 40P01), one retry of a read or idempotent write on a new connection after a lost one, and
 * the translation of every failure into {@link BalanceStoreUnavailableException} (with its applied
 * flag) or, for a data error, {@link IllegalStateException}. Not a public API.
 */
public final class RetryExecutor {

  private static final Logger LOG = LoggerFactory.getLogger(RetryExecutor.class);

  /** Retries of a read or idempotent operation after a lost connection. */
  private static final int CONNECTION_RETRIES = 1;

  /** How much longer the client waits for a reply than the server's statement timeout. */
  public static final Duration SOCKET_GRACE = Duration.ofMillis(500);

  /** Runs {@link Connection#setNetworkTimeout} callbacks (PostgreSQL's driver needs none). */
  private static final Executor DIRECT = Runnable::run;

  /** What a unit of work does, which decides its retry and whether a failure is in doubt. */
  public enum Kind {
    /** Reads only: never in doubt, retried once after a lost connection. */
    READ,
    /** Writes idempotently: in doubt after a lost connection, but retried once first. */
    IDEMPOTENT,
    /** Writes once: in doubt after a lost connection, never resent. */
    WRITE
  }

  /**
   * One unit of work on a connection.
   *
   * @param <T> its result
   */
  @FunctionalInterface
  public interface Work<T> {
    /**
     * Runs the work.
     *
     * @param c an auto-commit connection
     * @return the result
     * @throws SQLException as the driver reports it
     */
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;
  private final String description;
  private final int maxRetries;
  private final Duration acquireBound;
  private final int socketTimeoutMillis;
  private final Duration callTimeout;
  private final CallGate gate = new CallGate("PostgreSQL balance tracker");

  /**
   * Creates the executor.
   *
   * @param dataSource where connections come from
   * @param description names the store in messages (no secrets)
   * @param maxRetries retries of a rolled-back statement
   * @param acquireBound the longest wait for a pooled connection
   * @param statementTimeout the server's statement timeout
   */
  public RetryExecutor(
      DataSource dataSource,
      String description,
      int maxRetries,
      Duration acquireBound,
      Duration statementTimeout) {
    this.dataSource = dataSource;
    this.description = description;
    this.maxRetries = maxRetries;
    this.acquireBound = acquireBound;
    this.socketTimeoutMillis = (int) statementTimeout.plus(SOCKET_GRACE).toMillis();
    this.callTimeout = acquireBound.plus(statementTimeout).plus(SOCKET_GRACE);
  }

  /**
   * The longest a call blocks.
   *
   * @return the bound
   */
  public Duration callTimeout() {
    return callTimeout;
  }

  /**
   * The store's description for messages.
   *
   * @return the description
   */
  public String description() {
    return description;
  }

  /**
   * The call gate.
   *
   * @return the gate
   */
  public CallGate gate() {
    return gate;
  }

  /** Refuses the call when the tracker is closed. */
  public void checkOpen() {
    gate.check("the call");
  }

  /**
   * Runs one unit of work on a pooled connection, with the tracker's retry and error rules.
   *
   * @param operation what is done, for messages
   * @param subject on what
   * @param kind how to retry and report
   * @param work the work
   * @param <T> its result
   * @return the result
   */
  public <T> T run(String operation, Object subject, Kind kind, Work<T> work) {
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
          if (!sent) {
            // Nothing reached the server: the pool had no free connection within its wait, or
            // could not open one. Saying "connection lost" here sends people looking for a
            // network fault when the usual cause is more callers than connections.
            throw BalanceStoreUnavailableException.notApplied(
                description
                    + ": no pooled connection became free for "
                    + what
                    + " within "
                    + acquireBound.toMillis()
                    + " ms (SQLState "
                    + state
                    + ": "
                    + e.getMessage()
                    + "): every connection was in use or none could be opened; nothing was"
                    + " applied; retry, or raise maximumPoolSize or connectionTimeout when the"
                    + " callers outnumber the connections",
                e);
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
          if (kind == Kind.READ) {
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
}
