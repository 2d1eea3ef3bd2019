package io.ledgerkit.persistence.jpa;

import java.util.Objects;
import org.hibernate.Session;

/**
 * Work done inside one transaction of {@link PersistenceDatabase#transaction}. Wrap it with {@link
 * #retryable} to let the database retry it after a transient failure (deadlock, serialization
 * failure): only do so when the work can safely run again from the start.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface TransactionWork<T> {

  /**
   * Does the work.
   *
   * @param session the ORM session of the transaction (also {@link
   *     PersistenceDatabase#currentSession()})
   * @return the result, possibly {@code null}
   * @throws Exception any failure: the transaction is rolled back
   */
  T execute(Session session) throws Exception;

  /**
   * Whether the work may be run again after a transient failure. {@code false} unless wrapped by
   * {@link #retryable}.
   *
   * @return whether retrying is allowed
   */
  default boolean isRetryable() {
    return false;
  }

  /**
   * Declares work retryable: on a deadlock or serialization failure, the whole transaction is
   * rolled back and the work runs again, a bounded number of times.
   *
   * @param work the work, which must be safe to repeat
   * @param <T> the result type
   * @return the retryable work
   */
  static <T> TransactionWork<T> retryable(TransactionWork<T> work) {
    Objects.requireNonNull(work, "work");
    return new TransactionWork<>() {
      @Override
      public T execute(Session session) throws Exception {
        return work.execute(session);
      }

      @Override
      public boolean isRetryable() {
        return true;
      }
    };
  }
}
