package io.ledgerkit.persistence.identity;

import java.security.PublicKey;
import java.util.Objects;
import javax.security.auth.x500.X500Principal;

/**
 * A well-known party: an X.500 name with its public key.
 *
 * @param name the X.500 distinguished name, for example {@code O=Bank A,L=London,C=GB}
 * @param owningKey the party's public key
 */
public record Party(String name, PublicKey owningKey) implements AbstractParty {

  /**
   * Validates the party.
   *
   * @throws IllegalArgumentException naming the value when the name is not an X.500 name
   * @param name the X.500 distinguished name, for example {@code O=Bank A,L=London,C=GB}
   * @param owningKey the party's public key
   */
  public Party {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owningKey, "owningKey");
    if (name.isBlank()) {
      throw new IllegalArgumentException(
          "party name must be an X.500 name such as O=Bank,L=London,C=GB");
    }
    try {
      new X500Principal(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "party name '" + name + "' is not an X.500 name; use a form such as O=Bank,L=London,C=GB",
          e);
    }
  }

  /**
   * An anonymous view of this party: the same key without the name.
   *
   * @return the anonymous party
   */
  public AnonymousParty anonymise() {
    return new AnonymousParty(owningKey);
  }

  @Override
  public String toString() {
    return name;
  }
}
