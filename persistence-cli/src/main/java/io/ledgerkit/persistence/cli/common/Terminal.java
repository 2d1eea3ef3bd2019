package io.ledgerkit.persistence.cli.common;

import java.io.Console;
import java.lang.reflect.Method;

/** Tells whether the process talks to a person at a terminal (for live progress lines). */
public final class Terminal {

  private Terminal() {}

  /**
   * Returns whether standard input and output are a terminal. On Java 22 and later {@link
   * System#console()} also exists when the streams are redirected, so {@code Console.isTerminal()}
   * is asked when present.
   *
   * @return {@code true} on an interactive terminal
   */
  public static boolean interactive() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return (Boolean) isTerminal.invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }
}
