package io.ledgerkit.examples.node;

import io.ledgerkit.persistence.identity.AbstractParty;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.PersistentState;
import io.ledgerkit.persistence.schema.QueryableState;
import java.util.List;

/**
 * The node's own state: the borrower owes the lender an amount. It offers both versions of its
 * mapped schema; the vault writes a row of each active version.
 *
 * @param lender who is owed
 * @param borrower who owes
 * @param amount how much, in minor units
 * @param currency the ISO currency code
 * @param reference the lender's reference
 */
public record IouState(Party lender, Party borrower, long amount, String currency, String reference)
    implements QueryableState {

  @Override
  public List<AbstractParty> participants() {
    return List.of(lender, borrower);
  }

  @Override
  public Iterable<MappedSchema> supportedSchemas() {
    return List.of(new IouSchemaV1(), new IouSchemaV2());
  }

  @Override
  public PersistentState generateMappedObject(MappedSchema schema) {
    if (schema instanceof IouSchemaV1) {
      return new IouSchemaV1.PersistentIouV1(this);
    }
    if (schema instanceof IouSchemaV2) {
      return new IouSchemaV2.PersistentIouV2(this);
    }
    throw new IllegalArgumentException("IouState does not offer " + schema);
  }
}
