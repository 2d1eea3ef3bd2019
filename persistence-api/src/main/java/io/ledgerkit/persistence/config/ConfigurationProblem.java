package io.ledgerkit.persistence.config;

/**
 * One problem found in a configuration: a key that is unknown, or whose value is not allowed, or a
 * required key that is missing.
 *
 * @param key the key as written (a file key, an environment-variable name, or a key set in code)
 * @param value the value, with secrets and URL credentials masked; {@code null} when not set
 * @param origin where the value came from, for example {@code file /etc/ledgerkit.properties} or
 *     {@code environment variable LEDGERKIT_DATABASE_URL}
 * @param allowed what is allowed instead
 */
public record ConfigurationProblem(String key, String value, String origin, String allowed) {

  /**
   * One line describing the problem, for example {@code database.pool.maximumSize = "0" (file
   * ledgerkit.properties): allowed: a positive integer}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    String shown = value == null ? " (not set)" : " = \"" + value + "\"";
    String from = origin == null ? "" : " (" + origin + ")";
    return key + shown + from + ": " + allowed;
  }
}
