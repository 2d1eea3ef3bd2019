package io.ledgerkit.persistence.schema;

import java.util.Set;

/** Decides which mapped schemas are active and how states map to them. */
public interface SchemaService {

  /**
   * The active schemas: those whose tables exist and whose entities the ORM maps.
   *
   * @return the active schemas
   */
  Set<MappedSchema> schemas();

  /**
   * The schemas a state is persisted to when recorded (possibly none).
   *
   * @param state the state
   * @return the selected schemas, each active
   */
  Set<MappedSchema> selectSchemas(ContractState state);

  /**
   * Maps a state to the entity of a schema, through the state itself or a plugin's mapper.
   *
   * @param state the state
   * @param schema one of {@link #selectSchemas(ContractState)}
   * @return the entity, without its state ref
   */
  PersistentState generateMappedObject(ContractState state, MappedSchema schema);

  /**
   * The options of a schema ({@link SchemaOptions#DEFAULT} when none were configured).
   *
   * @param schema the schema
   * @return its options
   */
  SchemaOptions schemaOptions(MappedSchema schema);
}
