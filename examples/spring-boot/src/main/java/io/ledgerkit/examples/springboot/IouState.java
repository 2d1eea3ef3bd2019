package io.ledgerkit.examples.springboot;

import io.ledgerkit.persistence.identity.AbstractParty;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.PersistentState;
import io.ledgerkit.persistence.schema.QueryableState;
import java.util.List;

/** The borrower owes the lender an amount; the vault stores it as a row of {@link IouSchemaV1}. */
public record IouState(Party lender, Party borrower, long amount) implements QueryableState {

  @Override
  public List<AbstractParty> participants() {
    return List.of(lender, borrower);
  }

  @Override
  public Iterable<MappedSchema> supportedSchemas() {
    return List.of(new IouSchemaV1());
  }

  @Override
  public PersistentState generateMappedObject(MappedSchema schema) {
    if (schema instanceof IouSchemaV1) {
      return new IouSchemaV1.PersistentIou(this);
    }
    throw new IllegalArgumentException("IouState does not offer " + schema);
  }
}
