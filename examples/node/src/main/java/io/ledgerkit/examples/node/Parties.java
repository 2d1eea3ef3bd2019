package io.ledgerkit.examples.node;

import io.ledgerkit.persistence.identity.Party;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Well-known parties with fresh EC keys, as a node's network map would give them. */
public final class Parties {
  private Parties() {}

  /**
   * A party named {@code O=<organisation>,L=London,C=GB} with a new P-256 key.
   *
   * @param organisation the organisation name
   * @return the party
   */
  public static Party named(String organisation) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return new Party("O=" + organisation + ",L=London,C=GB", g.generateKeyPair().getPublic());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no EC key generator in this JVM", e);
    }
  }
}
