package io.ledgerkit.persistence.jpa.repositories;

import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.entities.RuntimeConfigEntryEntity;
import io.ledgerkit.persistence.jpa.schemas.ConnectorSchemaV1;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads and writes {@link RuntimeConfigEntryEntity} rows with optimistic versioning: {@link
 * #update} succeeds only when the caller saw the current version. Requires {@link
 * ConnectorSchemaV1} to be active.
 */
public final class RuntimeConfigRepository {

  private final PersistenceDatabase db;
  private final Clock clock;

  /**
   * Creates the repository.
   *
   * @param db the database
   * @param clock the clock of update times
   */
  public RuntimeConfigRepository(PersistenceDatabase db, Clock clock) {
    this.db = Objects.requireNonNull(db, "db");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates an entry or changes its value (last writer wins).
   *
   * @param key the key
   * @param value the value, or {@code null}
   * @return the saved entry
   */
  public RuntimeConfigEntryEntity put(String key, String value) {
    return db.transaction(
        s -> {
          RuntimeConfigEntryEntity e = s.find(RuntimeConfigEntryEntity.class, key);
          if (e == null) {
            e = new RuntimeConfigEntryEntity(key, value, clock.instant());
            s.persist(e);
          } else {
            e.setValue(value, clock.instant());
          }
          return e;
        });
  }

  /**
   * Changes a value only if the entry still has the version the caller read.
   *
   * @param key the key
   * @param expectedVersion the version the caller read
   * @param value the new value
   * @return the saved entry
   * @throws IllegalArgumentException when the key does not exist
   * @throws jakarta.persistence.OptimisticLockException when another writer changed it first
   */
  public RuntimeConfigEntryEntity update(String key, long expectedVersion, String value) {
    return db.transaction(
        s -> {
          RuntimeConfigEntryEntity e = s.find(RuntimeConfigEntryEntity.class, key);
          if (e == null) {
            throw new IllegalArgumentException("config key '" + key + "' does not exist");
          }
          if (e.getVersion() != expectedVersion) {
            throw new jakarta.persistence.OptimisticLockException(
                "config key '"
                    + key
                    + "' is at version "
                    + e.getVersion()
                    + ", not "
                    + expectedVersion
                    + "; read it again and retry");
          }
          e.setValue(value, clock.instant());
          return e;
        });
  }

  /**
   * Finds an entry.
   *
   * @param key the key
   * @return the entry, or empty
   */
  public Optional<RuntimeConfigEntryEntity> find(String key) {
    return db.transaction(s -> Optional.ofNullable(s.find(RuntimeConfigEntryEntity.class, key)));
  }

  /**
   * Lists every entry, ordered by key.
   *
   * @return the entries
   */
  public List<RuntimeConfigEntryEntity> list() {
    return db.transaction(
        s ->
            s.createQuery(
                    "select c from RuntimeConfigEntry c order by c.key",
                    RuntimeConfigEntryEntity.class)
                .getResultList());
  }

  /**
   * Deletes an entry.
   *
   * @param key the key
   * @return whether there was an entry
   */
  public boolean delete(String key) {
    return db.transaction(
        s -> {
          RuntimeConfigEntryEntity e = s.find(RuntimeConfigEntryEntity.class, key);
          if (e == null) {
            return false;
          }
          s.remove(e);
          return true;
        });
  }
}
