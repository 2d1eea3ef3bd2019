/**
 * Testing support for Ledgerkit Persistence: JUnit 5 extensions that give each test an isolated
 * real database ({@link io.ledgerkit.persistence.testkit.TestDatabaseExtension}) or Redis ({@link
 * io.ledgerkit.persistence.testkit.TestRedisExtension}), resolved from an environment URL, an
 * embedded server started from Maven artifacts, or Testcontainers, and skipped with a message when
 * none is available.
 */
package io.ledgerkit.persistence.testkit;
