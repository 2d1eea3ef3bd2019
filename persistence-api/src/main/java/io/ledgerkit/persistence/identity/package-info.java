/**
 * Parties and their resolution: {@link io.ledgerkit.persistence.identity.AbstractParty} values in
 * states are persisted as the X.500 name of the well-known party, resolved through an {@link
 * io.ledgerkit.persistence.identity.IdentityService}.
 */
package io.ledgerkit.persistence.identity;
