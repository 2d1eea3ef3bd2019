package io.ledgerkit.persistence.jpa.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Hibernate's messages keep their rank through SLF4J, but for INFO, which becomes DEBUG. */
class HibernateLogProviderTest {

  @Test
  void levels() {
    assertThat(HibernateLogProvider.slf4jLevel(Logger.Level.FATAL)).isEqualTo(Level.ERROR);
    assertThat(HibernateLogProvider.slf4jLevel(Logger.Level.ERROR)).isEqualTo(Level.ERROR);
    assertThat(HibernateLogProvider.slf4jLevel(Logger.Level.WARN)).isEqualTo(Level.WARN);
    assertThat(HibernateLogProvider.slf4jLevel(Logger.Level.INFO)).isEqualTo(Level.DEBUG);
    assertThat(HibernateLogProvider.slf4jLevel(Logger.Level.DEBUG)).isEqualTo(Level.DEBUG);
    assertThat(HibernateLogProvider.slf4jLevel(Logger.Level.TRACE)).isEqualTo(Level.TRACE);
  }

  @Test
  void registeredForJbossLogging() {
    assertThat(ServiceLoader.load(org.jboss.logging.LoggerProvider.class).stream())
        .anyMatch(p -> p.type() == HibernateLogProvider.class);
  }

  @Test
  void warningsAreEnabledAtTheTestsLevelAndInfoIsNot() {
    // The module's test simplelogger.properties sets WARN by default.
    Logger log = new HibernateLogProvider().getLogger("org.hibernate.test");
    assertThat(log.isEnabled(Logger.Level.WARN)).isTrue();
    assertThat(log.isEnabled(Logger.Level.INFO)).isFalse();
  }
}
