package io.ledgerkit.persistence.jpa.repositories;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity;
import io.ledgerkit.persistence.jpa.schemas.ConnectorSchemaV1;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Saves, finds, lists and deletes {@link AccountSettingsEntity} rows. Each call runs in the calling
 * thread's transaction, or in its own when there is none. Requires {@link ConnectorSchemaV1} to be
 * active.
 */
public final class AccountSettingsRepository {

  private final PersistenceDatabase db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public AccountSettingsRepository(PersistenceDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Inserts or replaces the settings of an account, after validating them.
   *
   * @param settings the settings
   * @return the saved settings
   * @throws IllegalArgumentException naming the value when the settings are invalid
   */
  public AccountSettingsEntity save(AccountSettingsEntity settings) {
    Objects.requireNonNull(settings, "settings").validate();
    return db.transaction(s -> s.merge(settings));
  }

  /**
   * Finds the settings of an account.
   *
   * @param accountId the account
   * @return the settings, or empty
   */
  public Optional<AccountSettingsEntity> findByAccountId(AccountId accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return db.transaction(
        s -> Optional.ofNullable(s.find(AccountSettingsEntity.class, accountId.value())));
  }

  /**
   * Lists every account's settings, ordered by account id.
   *
   * @return the settings
   */
  public List<AccountSettingsEntity> list() {
    return db.transaction(
        s ->
            s.createQuery(
                    "select a from AccountSettings a order by a.accountId",
                    AccountSettingsEntity.class)
                .getResultList());
  }

  /**
   * Deletes the settings of an account.
   *
   * @param accountId the account
   * @return whether there were settings to delete
   */
  public boolean delete(AccountId accountId) {
    Objects.requireNonNull(accountId, "accountId");
    return db.transaction(
        s -> {
          AccountSettingsEntity e = s.find(AccountSettingsEntity.class, accountId.value());
          if (e == null) {
            return false;
          }
          s.remove(e);
          return true;
        });
  }
}
