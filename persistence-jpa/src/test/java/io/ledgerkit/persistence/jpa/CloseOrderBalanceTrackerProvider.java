package io.ledgerkit.persistence.jpa;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.HoldExpiry;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory store under another name ({@code balance.store=close-order-test-store}) whose
 * tracker notes, when it is closed, how many hold-expiry threads are still alive, and whether an
 * {@code expireHolds} call was in flight: {@link Ledgerkit#close()} must have stopped the scheduler
 * first.
 */
public final class CloseOrderBalanceTrackerProvider implements BalanceTrackerProvider {

  /** Store name selecting this provider. */
  public static final String STORE = "close-order-test-store";

  /** Hold-expiry threads alive when the last tracker was closed, or -1 before any close. */
  static final AtomicInteger EXPIRY_THREADS_AT_CLOSE = new AtomicInteger(-1);

  /** expireHolds calls in flight when the last tracker was closed. */
  static final AtomicInteger EXPIRY_CALLS_AT_CLOSE = new AtomicInteger(-1);

  /** expireHolds calls made on any tracker of this provider. */
  static final AtomicInteger EXPIRY_CALLS = new AtomicInteger();

  @Override
  public String store() {
    return STORE;
  }

  @Override
  public BalanceTracker create(LedgerkitConfig config) {
    InMemoryBalanceTracker real =
        InMemoryBalanceTracker.configure()
            .retention(config.balance().retention().toRetention())
            .start();
    AtomicInteger inFlight = new AtomicInteger();
    return (BalanceTracker)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {BalanceTracker.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close" -> {
                  EXPIRY_THREADS_AT_CLOSE.set(aliveExpiryThreads());
                  EXPIRY_CALLS_AT_CLOSE.set(inFlight.get());
                }
                case "expireHolds" -> {
                  EXPIRY_CALLS.incrementAndGet();
                  inFlight.incrementAndGet();
                }
                case "toString" -> {
                  return "CloseOrderTracker";
                }
                default -> {}
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              } finally {
                if (method.getName().equals("expireHolds")) {
                  inFlight.decrementAndGet();
                }
              }
            });
  }

  private static int aliveExpiryThreads() {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .filter(t -> t.getName().startsWith(HoldExpiry.THREAD_NAME_PREFIX))
            .count();
  }
}
