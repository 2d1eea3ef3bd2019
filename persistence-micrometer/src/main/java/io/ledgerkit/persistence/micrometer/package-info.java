/**
 * Micrometer metrics for Ledgerkit: {@link io.ledgerkit.persistence.micrometer.LedgerkitMetrics}
 * binds a balance tracker ({@link io.ledgerkit.persistence.micrometer.MeteredBalanceTracker}), the
 * auto-batching wrapper, the migrations run or verified at start and the HikariCP pools to a {@code
 * MeterRegistry}. The meters are listed in {@code docs/metrics.md}. This is the only module that
 * depends on Micrometer; without it the rest of Ledgerkit records nothing and costs nothing.
 */
package io.ledgerkit.persistence.micrometer;
