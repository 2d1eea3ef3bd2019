package io.ledgerkit.persistence.spring.boot.autoconfigure;

import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.micrometer.LedgerkitMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Binds the auto-configured {@link Ledgerkit} handle to the application's {@link MeterRegistry}
 * (Spring Boot's actuator makes one) through {@code persistence-micrometer}'s {@link
 * LedgerkitMetrics}: the balance tracker's calls, auto-batches, the connection pool the handle
 * builds, a PostgreSQL balance store's pool and the migrations at start. The meters are listed in
 * {@code docs/metrics.md}. Without Micrometer or a registry, nothing happens.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({MeterRegistry.class, LedgerkitMetrics.class, Ledgerkit.class})
@ConditionalOnBean(MeterRegistry.class)
public final class LedgerkitMetricsAutoConfiguration {

  /** Created by Spring. */
  public LedgerkitMetricsAutoConfiguration() {}

  /**
   * The binding to the registry, with its defaults (percentiles 0.5, 0.95, 0.99; no extra tags).
   * Define your own bean for other tags or percentiles.
   *
   * @param registry the registry
   * @return the binding
   */
  @Bean
  @ConditionalOnMissingBean
  public LedgerkitMetrics ledgerkitMetrics(MeterRegistry registry) {
    return LedgerkitMetrics.configure(registry).load();
  }

  /**
   * Sets the binding's hooks on the handle before it starts, and binds what exists once it runs.
   *
   * @param metrics the binding
   * @return the customizer
   */
  @Bean
  public LedgerkitCustomizer ledgerkitMetricsCustomizer(LedgerkitMetrics metrics) {
    return new LedgerkitCustomizer() {
      @Override
      public void customize(Ledgerkit.Builder builder) {
        String store = builder.config().balance().store().toLowerCase(Locale.ROOT);
        builder
            .metricsTrackerFactory(metrics.hikariMetricsTrackerFactory())
            .decorateBalanceTracker(t -> metrics.instrument(t, store));
        if (builder.config().balance().autoBatch()) {
          builder.autoBatchListener(metrics.autoBatchListener(store));
        }
      }

      @Override
      public void started(Ledgerkit ledgerkit) {
        metrics.bind(ledgerkit);
      }

      @Override
      public String toString() {
        return "LedgerkitCustomizer[" + metrics + "]";
      }
    };
  }
}
