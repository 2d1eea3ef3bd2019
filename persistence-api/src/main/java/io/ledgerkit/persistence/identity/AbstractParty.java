package io.ledgerkit.persistence.identity;

import java.security.PublicKey;

/**
 * A participant in a state: either a well-known {@link Party} with an X.500 name, or an {@link
 * AnonymousParty} known only by a public key. Persisted attributes of this type store the X.500
 * name of the well-known party, never the key.
 */
public sealed interface AbstractParty permits Party, AnonymousParty {

  /**
   * The public key that identifies this party.
   *
   * @return the key
   */
  PublicKey owningKey();
}
