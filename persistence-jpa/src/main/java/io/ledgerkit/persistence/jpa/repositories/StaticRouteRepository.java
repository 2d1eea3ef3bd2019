package io.ledgerkit.persistence.jpa.repositories;

import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.entities.StaticRouteEntity;
import io.ledgerkit.persistence.jpa.schemas.ConnectorSchemaV1;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Saves, finds, lists and deletes {@link StaticRouteEntity} rows, each call in the calling thread's
 * transaction or its own. Requires {@link ConnectorSchemaV1} to be active.
 */
public final class StaticRouteRepository {

  private final PersistenceDatabase db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public StaticRouteRepository(PersistenceDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Inserts or replaces a route.
   *
   * @param route the route
   * @return the saved route
   */
  public StaticRouteEntity save(StaticRouteEntity route) {
    Objects.requireNonNull(route, "route");
    return db.transaction(s -> s.merge(route));
  }

  /**
   * Finds the route of a prefix.
   *
   * @param routePrefix the prefix
   * @return the route, or empty
   */
  public Optional<StaticRouteEntity> find(String routePrefix) {
    return db.transaction(s -> Optional.ofNullable(s.find(StaticRouteEntity.class, routePrefix)));
  }

  /**
   * Lists every route, ordered by prefix.
   *
   * @return the routes
   */
  public List<StaticRouteEntity> list() {
    return db.transaction(
        s ->
            s.createQuery(
                    "select r from StaticRoute r order by r.routePrefix", StaticRouteEntity.class)
                .getResultList());
  }

  /**
   * Deletes the route of a prefix.
   *
   * @param routePrefix the prefix
   * @return whether there was a route to delete
   */
  public boolean delete(String routePrefix) {
    return db.transaction(
        s -> {
          StaticRouteEntity e = s.find(StaticRouteEntity.class, routePrefix);
          if (e == null) {
            return false;
          }
          s.remove(e);
          return true;
        });
  }
}
