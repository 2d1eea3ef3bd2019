package io.ledgerkit.persistence.cli.bench;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** The range check of the benchmarks' numeric options: one rule and one wording for all of them. */
final class BenchArgs {

  private BenchArgs() {}

  /**
   * Refuses a value outside {@code [min, max]} as a usage error (exit code 2) that names the
   * option, the range and the value.
   *
   * @param spec the command whose option it is
   * @param option the option's name, e.g. {@code --threads}
   * @param value the value given
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @throws ParameterException when the value is out of range
   */
  static void requireBetween(CommandSpec spec, String option, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ParameterException(
          spec.commandLine(),
          option + " must be between " + min + " and " + max + ", was " + value);
    }
  }
}
