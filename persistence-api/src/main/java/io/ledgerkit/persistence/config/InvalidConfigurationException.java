package io.ledgerkit.persistence.config;

import java.util.List;

/**
 * The configuration has one or more unknown keys, invalid values or missing required values. All
 * problems are listed together, each naming the key, its (masked) value, where it came from and
 * what is allowed; nothing was started.
 *
 * <p>The only exception of the configuration package, a {@link RuntimeException}. Not retryable:
 * fix the configuration.
 */
public final class InvalidConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigurationProblem> problems;

  /**
   * Creates the exception.
   *
   * @param problems the problems, at least one
   */
  public InvalidConfigurationException(List<ConfigurationProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /**
   * The problems, in the order they were found.
   *
   * @return the problems
   */
  public List<ConfigurationProblem> problems() {
    return problems;
  }

  private static String message(List<ConfigurationProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid configuration has at least one problem");
    }
    StringBuilder b =
        new StringBuilder("Invalid Ledgerkit configuration (")
            .append(problems.size())
            .append(problems.size() == 1 ? " problem" : " problems")
            .append("); nothing was started. See docs/configuration.md.");
    for (ConfigurationProblem p : problems) {
      b.append(System.lineSeparator()).append("  - ").append(p);
    }
    return b.toString();
  }
}
