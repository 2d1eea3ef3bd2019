package io.ledgerkit.persistence.jpa;

import io.ledgerkit.persistence.config.SchemaVersionPolicy;
import io.ledgerkit.persistence.jpa.internal.ClasspathScanner;
import io.ledgerkit.persistence.schema.ContractState;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.PersistentState;
import io.ledgerkit.persistence.schema.QueryableState;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.schema.SchemaService;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The standard {@link SchemaService}: knows the schemas found by {@link ServiceLoader}, registered
 * by class, found by package scan and contributed by {@link SchemaPlugin}s; activates versions per
 * family by {@link SchemaVersionPolicy}; and holds {@link SchemaOptions} per schema. Immutable and
 * thread-safe once built:
 *
 * <pre>{@code
 * SchemaService schemas = DefaultSchemaService.configure()
 *     .register(CashSchemaV1.class, CashSchemaV2.class)
 *     .versionPolicy(CashSchema.class, SchemaVersionPolicy.LATEST)
 *     .schemaOptions(CashSchema.class, SchemaOptions.tablePrefix("acme_"))
 *     .load();
 * }</pre>
 */
public final class DefaultSchemaService implements SchemaService {

  private final Set<MappedSchema> known;
  private final Set<MappedSchema> active;
  private final Map<Class<?>, SchemaVersionPolicy> policies;
  private final SchemaVersionPolicy defaultPolicy;
  private final Map<Class<?>, SchemaOptions> familyOptions;
  private final Map<Class<?>, SchemaOptions> schemaClassOptions;
  private final List<StateMapper<?>> mappers;

  private DefaultSchemaService(Builder b, Set<MappedSchema> known, List<StateMapper<?>> mappers) {
    this.known = Set.copyOf(known);
    this.policies = Map.copyOf(b.policies);
    this.defaultPolicy = b.defaultPolicy;
    this.familyOptions = Map.copyOf(b.familyOptions);
    this.schemaClassOptions = Map.copyOf(b.schemaClassOptions);
    this.mappers = List.copyOf(mappers);
    Map<Class<?>, List<MappedSchema>> byFamily = new LinkedHashMap<>();
    for (MappedSchema s : known) {
      byFamily.computeIfAbsent(s.schemaFamily(), f -> new ArrayList<>()).add(s);
    }
    Set<MappedSchema> act = new LinkedHashSet<>();
    for (Map.Entry<Class<?>, List<MappedSchema>> e : byFamily.entrySet()) {
      if (policy(e.getKey()) == SchemaVersionPolicy.LATEST) {
        act.add(e.getValue().stream().max(Comparator.comparingInt(MappedSchema::version)).get());
      } else {
        act.addAll(e.getValue());
      }
    }
    this.active = Set.copyOf(act);
  }

  /**
   * Starts a builder.
   *
   * @return a builder
   */
  public static Builder configure() {
    return new Builder();
  }

  @Override
  public Set<MappedSchema> schemas() {
    return active;
  }

  /**
   * Every schema known (registered, scanned, loaded or contributed), active or not.
   *
   * @return the known schemas
   */
  public Set<MappedSchema> knownSchemas() {
    return known;
  }

  /**
   * The version policy of a family.
   *
   * @param family the family class
   * @return its policy (the builder's default when none was set)
   */
  public SchemaVersionPolicy policy(Class<?> family) {
    return policies.getOrDefault(family, defaultPolicy);
  }

  @Override
  public Set<MappedSchema> selectSchemas(ContractState state) {
    Objects.requireNonNull(state, "state");
    Set<MappedSchema> producible = new LinkedHashSet<>();
    if (state instanceof QueryableState q) {
      for (MappedSchema s : q.supportedSchemas()) {
        producible.add(s);
      }
    }
    for (StateMapper<?> m : mappers) {
      if (m.appliesTo(state)) {
        producible.add(m.schema());
      }
    }
    Set<MappedSchema> selected = new LinkedHashSet<>();
    Set<Class<?>> families =
        producible.stream()
            .map(MappedSchema::schemaFamily)
            .collect(Collectors.toCollection(LinkedHashSet::new));
    for (Class<?> family : families) {
      if (policy(family) == SchemaVersionPolicy.LATEST) {
        MappedSchema latest =
            active.stream().filter(s -> s.schemaFamily() == family).findFirst().orElse(null);
        if (latest == null) {
          continue; // family not registered: not active here
        }
        if (!producible.contains(latest)) {
          throw new IllegalStateException(
              "state "
                  + state.getClass().getName()
                  + " offers "
                  + family.getName()
                  + " versions "
                  + producible.stream()
                      .filter(s -> s.schemaFamily() == family)
                      .map(MappedSchema::version)
                      .sorted()
                      .toList()
                  + " but the family is configured LATEST and the latest known version is "
                  + latest.version()
                  + "; offer that version in the state, add a SchemaPlugin mapper for it, or use"
                  + " SchemaVersionPolicy.ALL_OFFERED");
        }
        selected.add(latest);
      } else {
        for (MappedSchema s : producible) {
          if (s.schemaFamily() == family && active.contains(s)) {
            selected.add(s);
          }
        }
      }
    }
    return selected;
  }

  @Override
  public PersistentState generateMappedObject(ContractState state, MappedSchema schema) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(schema, "schema");
    for (StateMapper<?> m : mappers) {
      if (m.schema().equals(schema) && m.appliesTo(state)) {
        return m.map(state);
      }
    }
    if (state instanceof QueryableState q) {
      for (MappedSchema s : q.supportedSchemas()) {
        if (s.equals(schema)) {
          PersistentState mapped = q.generateMappedObject(schema);
          if (mapped == null) {
            throw new IllegalStateException(
                state.getClass().getName() + ".generateMappedObject(" + schema + ") returned null");
          }
          return mapped;
        }
      }
    }
    throw new IllegalArgumentException(
        "state "
            + state.getClass().getName()
            + " cannot be mapped to "
            + schema
            + ": it does not offer that schema and no SchemaPlugin mapper produces it");
  }

  @Override
  public SchemaOptions schemaOptions(MappedSchema schema) {
    SchemaOptions o = schemaClassOptions.get(schema.getClass());
    if (o == null) {
      o = familyOptions.getOrDefault(schema.schemaFamily(), SchemaOptions.DEFAULT);
    }
    return o.resolvedFor(schema);
  }

  /**
   * The active schemas with their options, as the migrations take them.
   *
   * @return schema to options, for every active schema
   */
  public Map<MappedSchema, SchemaOptions> schemaOptionsByActiveSchema() {
    Map<MappedSchema, SchemaOptions> m = new LinkedHashMap<>();
    for (MappedSchema s : active) {
      m.put(s, schemaOptions(s));
    }
    return m;
  }

  /** Configures a {@link DefaultSchemaService}. Not thread-safe; {@link #load()} is immutable. */
  public static final class Builder {
    private boolean serviceLoader = true;
    private ClassLoader classLoader;
    private final List<MappedSchema> schemas = new ArrayList<>();
    private final List<String> packages = new ArrayList<>();
    private final List<SchemaPlugin> plugins = new ArrayList<>();
    private final Map<Class<?>, SchemaVersionPolicy> policies = new HashMap<>();
    private SchemaVersionPolicy defaultPolicy = SchemaVersionPolicy.ALL_OFFERED;
    private final Map<Class<?>, SchemaOptions> familyOptions = new HashMap<>();
    private final Map<Class<?>, SchemaOptions> schemaClassOptions = new HashMap<>();

    private Builder() {}

    /**
     * Whether to load {@link MappedSchema} and {@link SchemaPlugin} providers with {@link
     * ServiceLoader} (the built-in schemas are registered that way). Default {@code true}.
     *
     * @param enabled whether to use the service loader
     * @return this builder
     */
    public Builder serviceLoader(boolean enabled) {
      this.serviceLoader = enabled;
      return this;
    }

    /**
     * The class loader for the service loader and package scans (default: the thread's context
     * class loader).
     *
     * @param loader the class loader
     * @return this builder
     */
    public Builder classLoader(ClassLoader loader) {
      this.classLoader = Objects.requireNonNull(loader, "loader");
      return this;
    }

    /**
     * Registers schemas by class; each needs a public no-argument constructor.
     *
     * @param schemaClasses the schema classes
     * @return this builder
     */
    @SafeVarargs
    public final Builder register(Class<? extends MappedSchema>... schemaClasses) {
      for (Class<? extends MappedSchema> c : schemaClasses) {
        schemas.add(instantiate(c));
      }
      return this;
    }

    /**
     * Registers schema instances.
     *
     * @param schemas the schemas
     * @return this builder
     */
    public Builder register(Collection<? extends MappedSchema> schemas) {
      schemas.forEach(s -> this.schemas.add(Objects.requireNonNull(s, "schema")));
      return this;
    }

    /**
     * Registers every concrete public {@link MappedSchema} subclass in a package and its
     * sub-packages (directories and jars of the class path).
     *
     * @param packageNames the packages
     * @return this builder
     */
    public Builder scanPackages(String... packageNames) {
      packages.addAll(List.of(packageNames));
      return this;
    }

    /**
     * Adds a plugin: its schemas and its mappers' schemas are registered, and its mappers used.
     *
     * @param plugin the plugin
     * @return this builder
     */
    public Builder plugin(SchemaPlugin plugin) {
      plugins.add(Objects.requireNonNull(plugin, "plugin"));
      return this;
    }

    /**
     * Sets the version policy of a family.
     *
     * @param family the family class (the first argument of the schemas' constructor)
     * @param policy the policy
     * @return this builder
     */
    public Builder versionPolicy(Class<?> family, SchemaVersionPolicy policy) {
      policies.put(Objects.requireNonNull(family, "family"), Objects.requireNonNull(policy));
      return this;
    }

    /**
     * Sets the version policy of families without their own ({@link
     * SchemaVersionPolicy#ALL_OFFERED} unless set).
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder defaultVersionPolicy(SchemaVersionPolicy policy) {
      this.defaultPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets the options of one schema (when given a {@link MappedSchema} subclass) or of every
     * version of a family (when given the family class).
     *
     * @param schemaOrFamily a schema class or a family class
     * @param options the options
     * @return this builder
     */
    public Builder schemaOptions(Class<?> schemaOrFamily, SchemaOptions options) {
      Objects.requireNonNull(schemaOrFamily, "schemaOrFamily");
      Objects.requireNonNull(options, "options");
      if (MappedSchema.class.isAssignableFrom(schemaOrFamily)) {
        schemaClassOptions.put(schemaOrFamily, options);
      } else {
        familyOptions.put(schemaOrFamily, options);
      }
      return this;
    }

    /**
     * Builds the service: loads providers, scans packages and checks that no two schemas of one
     * family share a version.
     *
     * @return the service
     * @throws IllegalArgumentException when two different schemas claim one family and version
     */
    public DefaultSchemaService load() {
      ClassLoader loader =
          classLoader != null
              ? classLoader
              : Objects.requireNonNullElse(
                  Thread.currentThread().getContextClassLoader(),
                  DefaultSchemaService.class.getClassLoader());
      Set<MappedSchema> all = new LinkedHashSet<>();
      List<SchemaPlugin> allPlugins = new ArrayList<>(plugins);
      if (serviceLoader) {
        ServiceLoader.load(MappedSchema.class, loader).forEach(all::add);
        ServiceLoader.load(SchemaPlugin.class, loader).forEach(allPlugins::add);
      }
      all.addAll(schemas);
      for (String p : packages) {
        for (Class<? extends MappedSchema> c :
            ClasspathScanner.subclasses(p, MappedSchema.class, loader)) {
          all.add(instantiate(c));
        }
      }
      List<StateMapper<?>> mappers = new ArrayList<>();
      for (SchemaPlugin plugin : allPlugins) {
        all.addAll(plugin.schemas());
        for (StateMapper<?> m : plugin.mappers()) {
          mappers.add(m);
          all.add(m.schema());
        }
      }
      Map<String, MappedSchema> byVersion = new HashMap<>();
      for (MappedSchema s : all) {
        MappedSchema other = byVersion.putIfAbsent(s.name() + "#" + s.version(), s);
        if (other != null && !other.equals(s)) {
          throw new IllegalArgumentException(
              "schemas "
                  + other.getClass().getName()
                  + " and "
                  + s.getClass().getName()
                  + " both claim "
                  + s
                  + " with different mapped types; give each version its own number");
        }
      }
      return new DefaultSchemaService(this, all, mappers);
    }

    private static MappedSchema instantiate(Class<? extends MappedSchema> c) {
      try {
        return c.getDeclaredConstructor().newInstance();
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException(
            "schema class " + c.getName() + " needs a public no-argument constructor", e);
      } catch (InvocationTargetException e) {
        throw new IllegalArgumentException(
            "schema class " + c.getName() + " failed in its constructor: " + e.getCause(), e);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException(
            "schema class " + c.getName() + " cannot be created: " + e, e);
      }
    }
  }
}
