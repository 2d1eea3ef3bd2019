package io.ledgerkit.persistence.identity;

import java.util.Optional;

/** Resolves parties to their well-known identities. */
public interface IdentityService {

  /**
   * Returns the well-known party behind a party: itself for a {@link Party}, the owner of the key
   * for an {@link AnonymousParty}, or empty when unknown.
   *
   * @param party the party
   * @return the well-known party, or empty
   */
  Optional<Party> wellKnownParty(AbstractParty party);

  /**
   * Returns the well-known party with an X.500 name.
   *
   * @param name the X.500 name
   * @return the party, or empty
   */
  Optional<Party> partyFromName(String name);
}
