package io.ledgerkit.persistence.jpa.entities;

import io.ledgerkit.persistence.balance.AccountId;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Objects;

/** One row of {@code static_routes}: packets to an address prefix go to a next-hop account. */
@Entity(name = "StaticRoute")
@Table(name = "static_routes")
public class StaticRouteEntity {

  @Id
  @Column(name = "route_prefix", length = 255, nullable = false)
  private String routePrefix;

  @Column(name = "next_hop_account", length = 64, nullable = false)
  private String nextHopAccount;

  /** For JPA. */
  protected StaticRouteEntity() {}

  /**
   * Creates a route.
   *
   * @param routePrefix the address prefix, e.g. {@code g.acme}, 1 to 255 characters
   * @param nextHopAccount the account packets are forwarded to
   */
  public StaticRouteEntity(String routePrefix, AccountId nextHopAccount) {
    if (Objects.requireNonNull(routePrefix, "routePrefix").isBlank()
        || routePrefix.length() > 255) {
      throw new IllegalArgumentException(
          "route prefix '" + routePrefix + "' must be 1 to 255 non-blank characters");
    }
    this.routePrefix = routePrefix;
    this.nextHopAccount = Objects.requireNonNull(nextHopAccount, "nextHopAccount").value();
  }

  /**
   * The address prefix.
   *
   * @return the prefix
   */
  public String getRoutePrefix() {
    return routePrefix;
  }

  /**
   * The next-hop account.
   *
   * @return the account
   */
  public AccountId getNextHopAccount() {
    return AccountId.of(nextHopAccount);
  }
}
