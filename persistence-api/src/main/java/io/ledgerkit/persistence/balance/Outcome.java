package io.ledgerkit.persistence.balance;

import java.util.Objects;

/**
 * The result of one item of a batch: a value, or the exception the same single call would have
 * thrown.
 *
 * @param <T> the value type
 */
public sealed interface Outcome<T> permits Outcome.Success, Outcome.Failure {

  /**
   * Returns a successful outcome.
   *
   * @param value the value
   * @param <T> the value type
   * @return the outcome
   */
  static <T> Outcome<T> success(T value) {
    return new Success<>(value);
  }

  /**
   * Returns a failed outcome.
   *
   * @param error the exception the single call would have thrown
   * @param <T> the value type
   * @return the outcome
   */
  static <T> Outcome<T> failure(RuntimeException error) {
    return new Failure<>(error);
  }

  /**
   * Returns the value, or throws the item's exception.
   *
   * @return the value
   */
  T get();

  /**
   * Tells whether the item succeeded.
   *
   * @return {@code true} for a success
   */
  boolean isSuccess();

  /**
   * A successful item.
   *
   * @param value the value
   * @param <T> the value type
   */
  record Success<T>(T value) implements Outcome<T> {
    /**
     * Requires a value.
     *
     * @param value the value
     */
    public Success {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public T get() {
      return value;
    }

    @Override
    public boolean isSuccess() {
      return true;
    }
  }

  /**
   * A failed item.
   *
   * @param error the exception
   * @param <T> the value type
   */
  record Failure<T>(RuntimeException error) implements Outcome<T> {
    /**
     * Requires an error.
     *
     * @param error the exception the single call would have thrown
     */
    public Failure {
      Objects.requireNonNull(error, "error");
    }

    @Override
    public T get() {
      throw error;
    }

    @Override
    public boolean isSuccess() {
      return false;
    }
  }
}
