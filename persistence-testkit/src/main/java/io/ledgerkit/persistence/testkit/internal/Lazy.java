package io.ledgerkit.persistence.testkit.internal;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value computed once, on first use, and shared afterwards. A failure is remembered too, so an
 * embedded server that cannot start is not retried by every test of the JVM.
 *
 * @param <T> the type of the value
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> supplier;
  private T value;
  private RuntimeException failure;
  private boolean done;

  /**
   * Creates a lazy value.
   *
   * @param supplier computes the value; called at most once
   */
  public Lazy(Supplier<T> supplier) {
    this.supplier = Objects.requireNonNull(supplier, "supplier");
  }

  /** Returns the value, computing it on the first call; rethrows the first call's failure. */
  @Override
  public synchronized T get() {
    if (!done) {
      try {
        value = supplier.get();
      } catch (RuntimeException e) {
        failure = e;
      } catch (Error e) {
        failure = new IllegalStateException(e.toString(), e);
      }
      done = true;
    }
    if (failure != null) {
      throw new IllegalStateException(failure.getMessage(), failure);
    }
    return value;
  }
}
