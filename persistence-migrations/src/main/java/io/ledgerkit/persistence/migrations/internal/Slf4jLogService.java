package io.ledgerkit.persistence.migrations.internal;

import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import org.slf4j.LoggerFactory;

/**
 * Routes Liquibase's log messages to SLF4J, set only in the scope of the library's own Liquibase
 * runs (never through global java.util.logging state). Liquibase's INFO and CONFIG chatter is
 * logged at DEBUG and FINE at TRACE, so it stays out of an application's log at default settings;
 * WARNING stays WARN and SEVERE is ERROR. Loggers are named after Liquibase's classes ({@code
 * liquibase.*}); raise {@code liquibase} to DEBUG to see every change set Liquibase runs.
 */
final class Slf4jLogService extends AbstractLogService {

  @Override
  public int getPriority() {
    return PRIORITY_SPECIALIZED;
  }

  @Override
  public Logger getLog(Class clazz) {
    return new Slf4jLogger(LoggerFactory.getLogger(clazz));
  }

  /** One Liquibase logger writing to one SLF4J logger. */
  private static final class Slf4jLogger extends AbstractLogger {
    private final org.slf4j.Logger log;

    Slf4jLogger(org.slf4j.Logger log) {
      this.log = log;
    }

    @Override
    public void log(Level level, String message, Throwable e) {
      if (level == Level.OFF) {
        return;
      }
      int v = level.intValue();
      if (v >= Level.SEVERE.intValue()) {
        log.error(message, e);
      } else if (v >= Level.WARNING.intValue()) {
        log.warn(message, e);
      } else if (v >= Level.CONFIG.intValue()) {
        log.debug(message, e);
      } else {
        log.trace(message, e);
      }
    }
  }
}
