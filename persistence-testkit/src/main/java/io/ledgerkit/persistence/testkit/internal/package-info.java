/**
 * Implementation of the testkit's test services: resolution of test databases and Redis, the
 * embedded servers' binaries and processes, and the Testcontainers glue. Not a public API: it may
 * change without notice.
 */
package io.ledgerkit.persistence.testkit.internal;
