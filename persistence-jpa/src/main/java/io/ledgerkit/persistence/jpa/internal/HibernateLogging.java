package io.ledgerkit.persistence.jpa.internal;

import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLoggerFactory;

/**
 * Sends Hibernate's log messages to SLF4J. Hibernate logs through jboss-logging, which picks
 * java.util.logging unless Logback or another backend is present, so with slf4j-simple every
 * Hibernate INFO line would bypass the application's SLF4J settings. The choice is a JVM-wide
 * system property ({@value #PROVIDER}); it is set to {@code slf4j} only when the application has
 * not set it and an SLF4J binding is present. Opt out by setting the property yourself (for example
 * {@code -Dorg.jboss.logging.provider=jdk}); see docs/logging.md.
 */
public final class HibernateLogging {

  /** The system property jboss-logging reads to choose its backend. */
  public static final String PROVIDER = "org.jboss.logging.provider";

  private HibernateLogging() {}

  /**
   * Routes jboss-logging to SLF4J unless the application chose a provider (call before Hibernate).
   */
  public static void routeToSlf4jUnlessChosen() {
    if (System.getProperty(PROVIDER) != null) {
      return;
    }
    if (LoggerFactory.getILoggerFactory() instanceof NOPLoggerFactory) {
      return; // no SLF4J binding: Hibernate's warnings would be lost, keep jboss-logging's choice
    }
    System.setProperty(PROVIDER, "slf4j");
  }
}
