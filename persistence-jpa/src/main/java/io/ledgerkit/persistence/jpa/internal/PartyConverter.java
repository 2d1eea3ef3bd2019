package io.ledgerkit.persistence.jpa.internal;

import io.ledgerkit.persistence.identity.AbstractParty;
import io.ledgerkit.persistence.identity.IdentityService;
import io.ledgerkit.persistence.identity.Party;
import jakarta.persistence.AttributeConverter;
import java.util.Objects;

/**
 * Stores an {@link AbstractParty} as the X.500 name of its well-known party (NULL when the {@link
 * IdentityService} does not know it) and reads it back as that well-known {@link Party}. Public
 * keys never reach the database.
 */
public final class PartyConverter implements AttributeConverter<AbstractParty, String> {

  private final IdentityService identities;

  /**
   * Creates the converter.
   *
   * @param identities resolves parties and names
   */
  public PartyConverter(IdentityService identities) {
    this.identities = Objects.requireNonNull(identities, "identities");
  }

  @Override
  public String convertToDatabaseColumn(AbstractParty party) {
    if (party == null) {
      return null;
    }
    return identities.wellKnownParty(party).map(Party::name).orElse(null);
  }

  @Override
  public AbstractParty convertToEntityAttribute(String name) {
    if (name == null) {
      return null;
    }
    return identities.partyFromName(name).orElse(null);
  }
}
