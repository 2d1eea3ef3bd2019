/** Implementation details shared by the trackers. Not a public API: it may change at any time. */
package io.ledgerkit.persistence.balance.internal;
