package io.ledgerkit.persistence.identity;

import java.security.PublicKey;
import java.util.Objects;

/**
 * A party known only by a public key. It is persisted as the X.500 name of the well-known party
 * that owns the key, or as NULL when the {@link IdentityService} does not know it.
 *
 * @param owningKey the key
 */
public record AnonymousParty(PublicKey owningKey) implements AbstractParty {

  /**
   * Requires a key.
   *
   * @param owningKey the key
   */
  public AnonymousParty {
    Objects.requireNonNull(owningKey, "owningKey");
  }

  @Override
  public String toString() {
    return "Anonymous(" + owningKey.getAlgorithm() + ")";
  }
}
