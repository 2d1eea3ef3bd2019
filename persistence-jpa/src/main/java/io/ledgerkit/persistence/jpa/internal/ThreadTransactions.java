package io.ledgerkit.persistence.jpa.internal;

import io.ledgerkit.persistence.config.TransactionIsolation;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.TransactionFailedException;
import io.ledgerkit.persistence.jpa.TransactionWork;
import java.sql.Connection;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactions of one {@link PersistenceDatabase}, bound to the calling thread: a new one
 * commits when its work returns and rolls back when it throws; a nested call joins the running one
 * and its failure makes the outer one roll back; retryable work runs again after a transient
 * failure. Safe to share between threads; each thread sees only its own transaction.
 */
public final class ThreadTransactions {

  /** Logs under the public class users configure, as before the split. */
  private static final Logger LOG = LoggerFactory.getLogger(PersistenceDatabase.class);

  private final SessionFactory sessionFactory;
  private final TransactionIsolation defaultIsolation;
  private final int maxRetries;
  private final ThreadLocal<Tx> current = new ThreadLocal<>();

  /**
   * Creates the transactions of a session factory.
   *
   * @param sessionFactory opens the sessions of new transactions
   * @param defaultIsolation the isolation when the caller asks for none
   * @param maxRetries how many times retryable work runs again after a transient failure
   */
  public ThreadTransactions(
      SessionFactory sessionFactory, TransactionIsolation defaultIsolation, int maxRetries) {
    this.sessionFactory = sessionFactory;
    this.defaultIsolation = defaultIsolation;
    this.maxRetries = maxRetries;
  }

  /**
   * Runs work in the calling thread's transaction, or a new one.
   *
   * @param requested the isolation asked for, or {@code null} for the default (or the outer one's)
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   * @throws TransactionFailedException when the work threw a checked exception
   */
  public <T> T run(TransactionIsolation requested, TransactionWork<T> work) {
    Objects.requireNonNull(work, "work");
    Tx outer = current.get();
    if (outer != null) {
      return join(outer, requested, work);
    }
    TransactionIsolation isolation = requested == null ? defaultIsolation : requested;
    int attempts = work.isRetryable() ? maxRetries + 1 : 1;
    for (int attempt = 1; ; attempt++) {
      try {
        return runOnce(isolation, work);
      } catch (RuntimeException e) {
        if (attempt >= attempts || !TransientFailures.isTransient(e)) {
          throw e;
        }
        LOG.debug("transient failure (attempt {} of {}), retrying: {}", attempt, attempts, e);
        backoff(attempt);
      }
    }
  }

  /**
   * The ORM session of the calling thread's transaction.
   *
   * @param what the call that needs it, named in the failure
   * @return the session
   * @throws IllegalStateException outside a transaction
   */
  public Session currentSession(String what) {
    return requireTx(what).session;
  }

  /**
   * The JDBC connection of the calling thread's transaction, after flushing pending ORM writes, in
   * a wrapper that refuses what the transaction owns.
   *
   * @param what the call that needs it, named in the failure
   * @return the restricted connection
   * @throws IllegalStateException outside a transaction
   */
  public Connection jdbcSession(String what) {
    Tx tx = requireTx(what);
    tx.session.flush();
    Connection raw = tx.session.doReturningWork(c -> c);
    return RestrictedConnection.wrap(raw);
  }

  /**
   * Whether the calling thread runs a transaction.
   *
   * @return {@code true} inside {@link #run}
   */
  public boolean inTransaction() {
    return current.get() != null;
  }

  private Tx requireTx(String what) {
    Tx tx = current.get();
    if (tx == null) {
      throw new IllegalStateException(
          what
              + " was called outside a transaction; call it inside"
              + " PersistenceDatabase.transaction(...) on the same thread");
    }
    return tx;
  }

  private <T> T join(Tx outer, TransactionIsolation requested, TransactionWork<T> work) {
    if (requested != null && requested != outer.isolation) {
      throw new IllegalStateException(
          "a nested transaction asked for "
              + requested
              + " but joins the outer transaction running at "
              + outer.isolation
              + "; start the outer transaction with "
              + requested
              + " or do not ask for an isolation in the inner call");
    }
    try {
      return work.execute(outer.session);
    } catch (RuntimeException | Error e) {
      outer.failure = e;
      throw e;
    } catch (Exception e) {
      outer.failure = e;
      throw new TransactionFailedException("transaction work failed: " + e, e);
    }
  }

  private <T> T runOnce(TransactionIsolation isolation, TransactionWork<T> work) {
    Session session = sessionFactory.openSession();
    Tx tx = new Tx(session, isolation);
    try {
      session.doWork(
          c -> {
            if (c.getTransactionIsolation() != isolation.jdbcLevel()) {
              c.setTransactionIsolation(isolation.jdbcLevel());
            }
          });
      Transaction t = session.beginTransaction();
      current.set(tx);
      T result;
      try {
        result = work.execute(session);
        if (tx.failure != null) {
          throw new TransactionFailedException(
              "the transaction was rolled back because a nested transaction failed: " + tx.failure,
              tx.failure);
        }
        t.commit();
        return result;
      } catch (RuntimeException | Error e) {
        rollbackQuietly(t, e);
        throw e;
      } catch (Exception e) {
        rollbackQuietly(t, e);
        throw new TransactionFailedException("transaction work failed: " + e, e);
      }
    } finally {
      current.remove();
      session.close();
    }
  }

  private static void rollbackQuietly(Transaction t, Throwable cause) {
    try {
      if (t.isActive()) {
        t.rollback();
      }
    } catch (RuntimeException r) {
      cause.addSuppressed(r);
    }
  }

  private static void backoff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 6));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a transaction", e);
    }
  }

  private static final class Tx {
    final Session session;
    final TransactionIsolation isolation;
    Throwable failure;

    Tx(Session session, TransactionIsolation isolation) {
      this.session = session;
      this.isolation = isolation;
    }
  }
}
