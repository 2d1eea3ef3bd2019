package io.ledgerkit.persistence.jpa.internal;

import java.text.MessageFormat;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.LoggerProvider;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The jboss-logging backend the library registers (through {@code
 * META-INF/services/org.jboss.logging.LoggerProvider}) so that Hibernate logs through SLF4J, with
 * its INFO start-up chatter demoted to DEBUG: warnings and errors show at default settings, the two
 * dozen lines of versions, dialects and pool details do not. jboss-logging uses it only when the
 * application has not chosen a backend with the {@code org.jboss.logging.provider} system property;
 * set that property (for example to {@code slf4j}) to get Hibernate's INFO lines back.
 */
public final class HibernateLogProvider implements LoggerProvider {

  private static final ThreadLocal<Deque<String>> NDC = ThreadLocal.withInitial(ArrayDeque::new);

  /** Creates the provider (ServiceLoader). */
  public HibernateLogProvider() {}

  /**
   * The SLF4J level a jboss-logging level is written at: INFO becomes DEBUG, the rest keep their
   * rank (FATAL is ERROR).
   *
   * @param level the jboss-logging level
   * @return the SLF4J level
   */
  public static org.slf4j.event.Level slf4jLevel(Logger.Level level) {
    return switch (level) {
      case FATAL, ERROR -> org.slf4j.event.Level.ERROR;
      case WARN -> org.slf4j.event.Level.WARN;
      case INFO, DEBUG -> org.slf4j.event.Level.DEBUG;
      case TRACE -> org.slf4j.event.Level.TRACE;
    };
  }

  @Override
  public Logger getLogger(String name) {
    return new Slf4jLogger(name, LoggerFactory.getLogger(name));
  }

  @Override
  public void clearMdc() {
    MDC.clear();
  }

  @Override
  public Object putMdc(String key, Object value) {
    String old = MDC.get(key);
    MDC.put(key, value == null ? null : String.valueOf(value));
    return old;
  }

  @Override
  public Object getMdc(String key) {
    return MDC.get(key);
  }

  @Override
  public void removeMdc(String key) {
    MDC.remove(key);
  }

  @Override
  public Map<String, Object> getMdcMap() {
    Map<String, String> copy = MDC.getCopyOfContextMap();
    return copy == null ? new HashMap<>() : new HashMap<>(copy);
  }

  @Override
  public void clearNdc() {
    NDC.get().clear();
  }

  @Override
  public String getNdc() {
    return String.join(" ", NDC.get());
  }

  @Override
  public int getNdcDepth() {
    return NDC.get().size();
  }

  @Override
  public String popNdc() {
    String s = NDC.get().pollLast();
    return s == null ? "" : s;
  }

  @Override
  public String peekNdc() {
    String s = NDC.get().peekLast();
    return s == null ? "" : s;
  }

  @Override
  public void pushNdc(String message) {
    NDC.get().addLast(message);
  }

  @Override
  public void setNdcMaxDepth(int maxDepth) {
    Deque<String> d = NDC.get();
    while (d.size() > maxDepth) {
      d.pollLast();
    }
  }

  /** One jboss-logging logger writing to an SLF4J logger at the demoted levels. */
  private static final class Slf4jLogger extends Logger {
    private static final long serialVersionUID = 1L;

    private final transient org.slf4j.Logger target;

    Slf4jLogger(String name, org.slf4j.Logger target) {
      super(name);
      this.target = target;
    }

    @Override
    public boolean isEnabled(Level level) {
      return target.isEnabledForLevel(slf4jLevel(level));
    }

    @Override
    protected void doLog(
        Level level,
        String loggerClassName,
        Object message,
        Object[] parameters,
        Throwable thrown) {
      org.slf4j.event.Level to = slf4jLevel(level);
      if (!target.isEnabledForLevel(to)) {
        return;
      }
      String text =
          parameters == null || parameters.length == 0
              ? String.valueOf(message)
              : MessageFormat.format(String.valueOf(message), parameters);
      target.atLevel(to).setCause(thrown).log(text);
    }

    @Override
    protected void doLogf(
        Level level, String loggerClassName, String format, Object[] parameters, Throwable thrown) {
      org.slf4j.event.Level to = slf4jLevel(level);
      if (!target.isEnabledForLevel(to)) {
        return;
      }
      String text = parameters == null ? format : String.format(format, parameters);
      target.atLevel(to).setCause(thrown).log(text);
    }
  }
}
