/**
 * Migration tests on real databases (H2, PostgreSQL from the environment and embedded, MySQL or
 * MariaDB, and SQL Server / Oracle when a server resolves), through the testkit's database
 * extension.
 */
package io.ledgerkit.persistence.it.migrations;
