/**
 * Mechanics behind the configuration: the one connection-pool factory every module that owns a
 * HikariCP pool builds it with. Not a public API: it may change at any time.
 */
package io.ledgerkit.persistence.config.internal;
