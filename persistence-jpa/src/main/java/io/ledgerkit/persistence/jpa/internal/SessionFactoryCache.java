package io.ledgerkit.persistence.jpa.internal;

import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.SessionFactory;

/**
 * A bounded cache of session factories, one per set of mapped schemas, built on first use; the
 * least recently used factory is closed when the cache is full. Thread-safe.
 */
public final class SessionFactoryCache implements AutoCloseable {

  private final Function<Map<MappedSchema, SchemaOptions>, SessionFactory> build;
  private final int size;
  private final Map<Set<MappedSchema>, SessionFactory> factories =
      new LinkedHashMap<>(16, 0.75f, true);

  /**
   * Creates an empty cache.
   *
   * @param build builds the factory of a set of schemas with their options
   * @param size how many factories are kept, 1 or more
   */
  public SessionFactoryCache(
      Function<Map<MappedSchema, SchemaOptions>, SessionFactory> build, int size) {
    this.build = build;
    this.size = size;
  }

  /**
   * The factory of a set of schemas, built when it is not cached.
   *
   * @param schemas the schemas with their options
   * @return the factory
   */
  public SessionFactory get(Map<MappedSchema, SchemaOptions> schemas) {
    Set<MappedSchema> key = Set.copyOf(schemas.keySet());
    synchronized (factories) {
      SessionFactory f = factories.get(key);
      if (f == null) {
        f = build.apply(schemas);
        factories.put(key, f);
        if (factories.size() > size) {
          var eldest = factories.entrySet().iterator().next();
          factories.remove(eldest.getKey());
          eldest.getValue().close();
        }
      }
      return f;
    }
  }

  /** Closes every cached factory and empties the cache. */
  @Override
  public void close() {
    synchronized (factories) {
      factories.values().forEach(SessionFactory::close);
      factories.clear();
    }
  }
}
