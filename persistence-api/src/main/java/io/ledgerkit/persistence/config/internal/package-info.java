/**
 * Implementation details of the configuration: masking of secrets and URL credentials, Redis URL
 * parsing. Not a public API: it may change at any time, but other Ledgerkit modules may use {@link
 * io.ledgerkit.persistence.config.internal.Masking#mask(String)} for their log lines.
 */
package io.ledgerkit.persistence.config.internal;
