package io.ledgerkit.persistence.migrations;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A database for which the full migration script can be generated offline, without a connection.
 */
public enum SqlDialect {
  /** H2 2.x. */
  H2("h2"),
  /** PostgreSQL. */
  POSTGRESQL("postgresql"),
  /** MySQL 8+. */
  MYSQL("mysql"),
  /** MariaDB. */
  MARIADB("mariadb"),
  /** Microsoft SQL Server. */
  MSSQL("mssql"),
  /** Oracle Database. */
  ORACLE("oracle");

  private final String shortName;

  SqlDialect(String shortName) {
    this.shortName = shortName;
  }

  /**
   * The lower-case name used on the command line and by Liquibase, e.g. {@code postgresql}.
   *
   * @return the short name
   */
  public String shortName() {
    return shortName;
  }

  /**
   * Parses a dialect name, ignoring case.
   *
   * @param name a short name such as {@code postgresql} or {@code MSSQL}
   * @return the dialect
   * @throws IllegalArgumentException naming the value and the accepted names
   */
  public static SqlDialect of(String name) {
    if (name != null) {
      for (SqlDialect d : values()) {
        if (d.shortName.equals(name.trim().toLowerCase(Locale.ROOT))) {
          return d;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown dialect '"
            + name
            + "'; use one of "
            + Arrays.stream(values()).map(SqlDialect::shortName).collect(Collectors.joining(", ")));
  }
}
