package io.ledgerkit.persistence.config;

/**
 * The relational database ({@code database.*}). Its {@link #toString()} masks the password and the
 * credentials in the URL.
 *
 * @param url the JDBC URL
 * @param user the user, or {@code null} to rely on the URL
 * @param password the password, or {@code null} to rely on the URL
 * @param schema the default database schema, or {@code null} for the connection's default
 * @param runMigration whether migrations run at startup ({@code false}: verify and refuse to start
 *     on an out-of-date database)
 * @param transactionIsolationLevel the isolation of transactions
 * @param pool the connection pool
 */
public record DatabaseConfig(
    String url,
    String user,
    String password,
    String schema,
    boolean runMigration,
    TransactionIsolation transactionIsolationLevel,
    PoolConfig pool) {

  /** The default URL: the embedded H2 file database under {@code ./ledgerkit-data}. */
  public static final String DEFAULT_URL = "jdbc:h2:file:./ledgerkit-data/ledgerkit";

  /** The default user of an H2 database. */
  public static final String DEFAULT_H2_USER = "sa";

  /**
   * Whether the URL is an H2 URL.
   *
   * @return {@code true} for {@code jdbc:h2:...}
   */
  public boolean isH2() {
    return isH2(url);
  }

  /**
   * Whether the URL is a PostgreSQL URL.
   *
   * @return {@code true} for {@code jdbc:postgresql:...}
   */
  public boolean isPostgres() {
    return isPostgres(url);
  }

  static boolean isH2(String url) {
    return url != null && url.regionMatches(true, 0, "jdbc:h2:", 0, 8);
  }

  static boolean isPostgres(String url) {
    return url != null && url.regionMatches(true, 0, "jdbc:postgresql:", 0, 16);
  }

  /**
   * A description with the password and URL credentials masked.
   *
   * @return the masked description
   */
  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + Masking.mask(url)
        + ", user="
        + user
        + ", password="
        + Masking.maskSecret(password)
        + ", schema="
        + schema
        + ", runMigration="
        + runMigration
        + ", transactionIsolationLevel="
        + transactionIsolationLevel
        + ", pool="
        + pool
        + "]";
  }
}
