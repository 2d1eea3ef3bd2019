package io.ledgerkit.persistence.micrometer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock for the in-memory tracker that tests can move, and hold: once {@link #holdNextRead()} is
 * armed, the next read blocks until {@link #release()}, which keeps one tracker call in flight (so
 * that the auto-batching wrapper queues the calls behind it).
 */
final class TestClock extends Clock {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
  private final AtomicReference<CountDownLatch> hold = new AtomicReference<>();
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);

  void advance(Duration d) {
    now.updateAndGet(i -> i.plus(d));
  }

  /** Makes the next read block until {@link #release()}. */
  void holdNextRead() {
    hold.set(released);
  }

  /** Waits until a read is blocked. */
  boolean awaitHeld() throws InterruptedException {
    return held.await(10, TimeUnit.SECONDS);
  }

  void release() {
    released.countDown();
  }

  @Override
  public Instant instant() {
    CountDownLatch h = hold.getAndSet(null);
    if (h != null) {
      held.countDown();
      try {
        h.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return now.get();
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
