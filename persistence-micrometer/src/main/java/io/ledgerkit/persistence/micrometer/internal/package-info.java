/** Implementation of the Micrometer binding. Not a public API: it may change in any release. */
package io.ledgerkit.persistence.micrometer.internal;
