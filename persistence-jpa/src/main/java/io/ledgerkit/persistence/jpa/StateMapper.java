package io.ledgerkit.persistence.jpa;

import io.ledgerkit.persistence.schema.ContractState;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.PersistentState;
import java.util.Objects;
import java.util.function.Function;

/**
 * Maps states of one type (and its subtypes) to the entity of a schema, contributed by a {@link
 * SchemaPlugin}. This is how a state is persisted to a schema it does not offer itself.
 *
 * @param stateType the state type mapped
 * @param schema the schema produced
 * @param mapper the mapping function; the returned entity's state ref is set by the library
 * @param <S> the state type
 */
public record StateMapper<S extends ContractState>(
    Class<S> stateType,
    MappedSchema schema,
    Function<? super S, ? extends PersistentState> mapper) {

  /**
   * Requires every part.
   *
   * @param stateType the state type mapped
   * @param schema the schema produced
   * @param mapper the mapping function; the returned entity's state ref is set by the library
   */
  public StateMapper {
    Objects.requireNonNull(stateType, "stateType");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(mapper, "mapper");
  }

  /**
   * Creates a mapper.
   *
   * @param stateType the state type
   * @param schema the schema
   * @param mapper the function
   * @param <S> the state type
   * @return the mapper
   */
  public static <S extends ContractState> StateMapper<S> of(
      Class<S> stateType,
      MappedSchema schema,
      Function<? super S, ? extends PersistentState> mapper) {
    return new StateMapper<>(stateType, schema, mapper);
  }

  /**
   * Whether this mapper applies to a state.
   *
   * @param state the state
   * @return {@code true} when the state is an instance of {@link #stateType()}
   */
  public boolean appliesTo(ContractState state) {
    return stateType.isInstance(state);
  }

  /**
   * Maps a state.
   *
   * @param state a state of {@link #stateType()}
   * @return the entity
   */
  public PersistentState map(ContractState state) {
    PersistentState mapped = mapper.apply(stateType.cast(state));
    if (mapped == null) {
      throw new IllegalStateException(
          "mapper of " + stateType.getName() + " to " + schema + " returned null");
    }
    return mapped;
  }
}
