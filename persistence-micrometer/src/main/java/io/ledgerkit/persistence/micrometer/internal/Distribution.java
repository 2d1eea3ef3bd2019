package io.ledgerkit.persistence.micrometer.internal;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;

/**
 * How timers and distribution summaries publish their distribution: client-side percentiles and/or
 * a percentile histogram. Not a public API.
 *
 * @param percentiles the percentiles to publish, each in [0, 1]; empty for none
 * @param histogram whether to publish a percentile histogram (for server-side aggregation)
 */
public record Distribution(double[] percentiles, boolean histogram) {

  /**
   * Copies the percentiles.
   *
   * @param percentiles the percentiles to publish
   * @param histogram whether to publish a percentile histogram
   */
  public Distribution {
    percentiles = percentiles.clone();
  }

  /**
   * Applies the distribution to a timer.
   *
   * @param b the builder
   * @return the builder
   */
  public Timer.Builder apply(Timer.Builder b) {
    if (percentiles.length > 0) {
      b.publishPercentiles(percentiles);
    }
    return b.publishPercentileHistogram(histogram);
  }

  /**
   * Applies the distribution to a summary.
   *
   * @param b the builder
   * @return the builder
   */
  public DistributionSummary.Builder apply(DistributionSummary.Builder b) {
    if (percentiles.length > 0) {
      b.publishPercentiles(percentiles);
    }
    return b.publishPercentileHistogram(histogram);
  }
}
