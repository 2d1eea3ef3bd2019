package io.ledgerkit.persistence.testkit.internal;

import java.util.Objects;

/**
 * A database server the testkit may create schemas or databases on.
 *
 * @param adminUrl JDBC URL of a database on the server, with enough rights to create schemas
 * @param user user name, or null when it is in the URL
 * @param password password, or null when it is in the URL
 * @param source where the server comes from, for people reading test output
 */
public record ServerEndpoint(String adminUrl, String user, String password, String source) {
  /**
   * Validates the components.
   *
   * @param adminUrl JDBC URL of a database on the server, with enough rights to create schemas
   * @param user user name, or null when it is in the URL
   * @param password password, or null when it is in the URL
   * @param source where the server comes from, for people reading test output
   */
  public ServerEndpoint {
    Objects.requireNonNull(adminUrl, "adminUrl");
    Objects.requireNonNull(source, "source");
  }

  /** Returns a copy without the password, for messages. */
  @Override
  public String toString() {
    return "ServerEndpoint[" + JdbcUrls.redact(adminUrl) + ", user=" + user + ", " + source + "]";
  }
}
