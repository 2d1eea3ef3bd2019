package io.ledgerkit.persistence.schema;

/**
 * A state that exposes itself to the database through one or more {@link MappedSchema}s. When the
 * state is recorded, the vault persists one mapped object per schema the {@link SchemaService}
 * selects.
 */
public interface QueryableState extends ContractState {

  /**
   * The schemas this state can produce a mapped object for.
   *
   * @return the supported schemas
   */
  Iterable<MappedSchema> supportedSchemas();

  /**
   * Maps this state to the entity of one of its supported schemas. The returned object's {@link
   * PersistentState#getStateRef() state ref} is set by the library, not by the state.
   *
   * @param schema one of {@link #supportedSchemas()}
   * @return the entity to persist
   * @throws IllegalArgumentException when the schema is not supported
   */
  PersistentState generateMappedObject(MappedSchema schema);
}
