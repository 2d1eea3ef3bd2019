package io.ledgerkit.persistence.schema;

import io.ledgerkit.persistence.identity.AbstractParty;
import java.util.List;

/** A state of a contract, as recorded in the vault. */
public interface ContractState {

  /**
   * The parties this state concerns.
   *
   * @return the participants
   */
  List<AbstractParty> participants();
}
