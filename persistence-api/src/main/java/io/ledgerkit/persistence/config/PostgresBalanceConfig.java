package io.ledgerkit.persistence.config;

/**
 * The PostgreSQL balance store ({@code balance.postgres.*}). When {@code balance.postgres.url} is
 * not set and the database is PostgreSQL, these are the database's URL, user and password. Its
 * {@link #toString()} masks the password and URL credentials.
 *
 * @param url the JDBC URL ({@code jdbc:postgresql:...}), or {@code null} when none is configured
 *     and the database is not PostgreSQL
 * @param user the user, or {@code null} to rely on the URL
 * @param password the password, or {@code null} to rely on the URL
 */
public record PostgresBalanceConfig(String url, String user, String password) {

  /**
   * A description with the password and URL credentials masked.
   *
   * @return the masked description
   */
  @Override
  public String toString() {
    return "PostgresBalanceConfig[url="
        + Masking.mask(url)
        + ", user="
        + user
        + ", password="
        + Masking.maskSecret(password)
        + "]";
  }
}
