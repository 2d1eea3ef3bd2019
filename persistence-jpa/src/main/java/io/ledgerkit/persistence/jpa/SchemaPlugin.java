package io.ledgerkit.persistence.jpa;

import io.ledgerkit.persistence.schema.MappedSchema;
import java.util.Collection;
import java.util.List;

/**
 * Contributes schemas and state mappers to a {@link DefaultSchemaService}, either registered
 * explicitly ({@link DefaultSchemaService.Builder#plugin}) or found by {@link
 * java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/io.ledgerkit.persistence.jpa.SchemaPlugin}). A plugin can map a state to a
 * schema the state does not offer, for example a common reporting schema fed by several state
 * types.
 */
public interface SchemaPlugin {

  /**
   * The schemas this plugin contributes (registered as if listed explicitly).
   *
   * @return the schemas, possibly empty
   */
  default Collection<MappedSchema> schemas() {
    return List.of();
  }

  /**
   * The mappers this plugin contributes; each mapper's schema is registered too.
   *
   * @return the mappers, possibly empty
   */
  default Collection<StateMapper<?>> mappers() {
    return List.of();
  }
}
