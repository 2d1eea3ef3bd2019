package io.ledgerkit.examples.springboot;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.Vault;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** The application's own service, on the beans the starter provides. */
@Service
public class IouLedger {

  private final PersistenceDatabase database;
  private final Vault vault;
  private final BalanceTracker balances;

  /**
   * Created by Spring with the starter's beans.
   *
   * @param database the database
   * @param vault the vault
   * @param balances the balance tracker of {@code ledgerkit.balance.store}
   */
  public IouLedger(PersistenceDatabase database, Vault vault, BalanceTracker balances) {
    this.database = database;
    this.vault = vault;
    this.balances = balances;
  }

  /**
   * Records an IOU in the vault, in one transaction.
   *
   * @param lender the lender
   * @param borrower the borrower
   * @param amount the amount
   * @return the state's reference
   */
  public StateRef record(Party lender, Party borrower, long amount) {
    StateRef ref = new StateRef(UUID.randomUUID().toString(), 0);
    database.transaction(
        session -> {
          vault.record(List.of(new StateAndRef<>(new IouState(lender, borrower, amount), ref)));
          return null;
        });
    return ref;
  }

  /**
   * The IOUs not consumed yet.
   *
   * @return their rows
   */
  public List<IouSchemaV1.PersistentIou> unconsumed() {
    return database.transaction(session -> vault.unconsumed(IouSchemaV1.PersistentIou.class));
  }

  /**
   * A packet of {@code amount} from one account to another: prepare on the sender (refused below
   * -1,000), fulfill on the receiver.
   *
   * @param from the sender
   * @param to the receiver
   * @param amount the amount
   */
  public void pay(AccountId from, AccountId to, long amount) {
    balances.prepare(from, amount, -1_000);
    balances.fulfill(to, amount, BalanceSettings.NONE);
  }

  /**
   * An account's net balance.
   *
   * @param account the account
   * @return clearing plus prepaid
   */
  public long netBalance(AccountId account) {
    return balances.balance(account).netBalance();
  }
}
