package io.ledgerkit.persistence.identity;

import java.security.PublicKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An {@link IdentityService} over a set of registered parties, safe for concurrent use. */
public final class InMemoryIdentityService implements IdentityService {

  private final Map<String, Party> byName = new ConcurrentHashMap<>();
  private final Map<PublicKey, Party> byKey = new ConcurrentHashMap<>();

  private InMemoryIdentityService() {}

  /**
   * Creates a service that knows the given parties.
   *
   * @param parties the well-known parties
   * @return the service
   */
  public static InMemoryIdentityService of(Collection<Party> parties) {
    InMemoryIdentityService service = new InMemoryIdentityService();
    parties.forEach(service::register);
    return service;
  }

  /**
   * Creates a service that knows the given parties.
   *
   * @param parties the well-known parties
   * @return the service
   */
  public static InMemoryIdentityService of(Party... parties) {
    return of(List.of(parties));
  }

  /**
   * Registers a well-known party (and its key).
   *
   * @param party the party
   */
  public void register(Party party) {
    Objects.requireNonNull(party, "party");
    byName.put(party.name(), party);
    byKey.put(party.owningKey(), party);
  }

  /**
   * Registers a further key owned by a well-known party (a confidential identity).
   *
   * @param key the key
   * @param owner the party that owns it
   */
  public void registerKey(PublicKey key, Party owner) {
    byKey.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(owner, "owner"));
  }

  @Override
  public Optional<Party> wellKnownParty(AbstractParty party) {
    if (party == null) {
      return Optional.empty();
    }
    Party known = byKey.get(party.owningKey());
    if (known != null) {
      return Optional.of(known);
    }
    if (party instanceof Party p && byName.containsKey(p.name())) {
      return Optional.of(byName.get(p.name()));
    }
    return Optional.empty();
  }

  @Override
  public Optional<Party> partyFromName(String name) {
    return name == null ? Optional.empty() : Optional.ofNullable(byName.get(name));
  }
}
