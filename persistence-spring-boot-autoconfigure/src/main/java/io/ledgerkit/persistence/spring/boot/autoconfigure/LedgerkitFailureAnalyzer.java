package io.ledgerkit.persistence.spring.boot.autoconfigure;

import io.ledgerkit.persistence.config.InvalidConfigurationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an invalid Ledgerkit configuration at start-up into Spring Boot's failure report: the
 * library's message (every problem, each naming the key, its value and where it came from) and what
 * to do.
 */
public final class LedgerkitFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidConfigurationException> {

  /** Created by Spring Boot. */
  public LedgerkitFailureAnalyzer() {}

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Fix the ledgerkit.* properties (or LEDGERKIT_* environment variables) listed above; every"
            + " key, its default and allowed values are in docs/configuration.md.",
        cause);
  }
}
