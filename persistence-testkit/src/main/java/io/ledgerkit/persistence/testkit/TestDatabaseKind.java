package io.ledgerkit.persistence.testkit;

/** The SQL databases a {@link TestDatabaseExtension} can provide. */
public enum TestDatabaseKind {
  /** H2, in memory, a fresh database per test. */
  H2,
  /** PostgreSQL: environment URL, embedded server or Testcontainers; a schema per test. */
  POSTGRESQL,
  /** MySQL or MariaDB: environment URL or Testcontainers; a database per test. */
  MYSQL,
  /** Microsoft SQL Server: environment URL or Testcontainers; a database per test. */
  MSSQL,
  /** Oracle Database: environment URL or Testcontainers; a user (schema) per test. */
  ORACLE
}
