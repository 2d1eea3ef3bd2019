/**
 * Repositories over the built-in connector schema's entities: {@link
 * io.ledgerkit.persistence.jpa.repositories.AccountSettingsRepository}, {@link
 * io.ledgerkit.persistence.jpa.repositories.StaticRouteRepository} and {@link
 * io.ledgerkit.persistence.jpa.repositories.RuntimeConfigRepository}. Each works inside the calling
 * thread's transaction ({@code PersistenceDatabase.transaction(...)}).
 */
package io.ledgerkit.persistence.jpa.repositories;
