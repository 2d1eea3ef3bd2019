package io.ledgerkit.persistence.testkit;

import io.ledgerkit.persistence.config.SchemaVersionPolicy;
import io.ledgerkit.persistence.identity.IdentityService;
import io.ledgerkit.persistence.jpa.DefaultSchemaService;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.SchemaPlugin;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.testkit.internal.Artifact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A ready {@link PersistenceDatabase} for tests of your own states: a fresh in-memory H2 database
 * (or a {@link TestDatabase}) with your schema classes or packages registered and their migrations
 * run. As a plain factory:
 *
 * <pre>{@code
 * try (PersistenceDatabase db = TestPersistence.schemas(CashSchemaV1.class).start()) { ... }
 * }</pre>
 *
 * <p>As a JUnit 5 extension: in a {@code static} field, one database serves the whole test class;
 * in an instance field, every test method gets a fresh one. Test methods may take the {@link
 * PersistenceDatabase} as a parameter.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestPersistence persistence = TestPersistence.packages("com.acme.schemas");
 *
 * @Test
 * void records(PersistenceDatabase db) { ... }
 * }</pre>
 *
 * <p>Instances are immutable: each {@code with...} method returns a copy. The built-in schemas
 * found by {@link java.util.ServiceLoader} are not registered unless {@link #withServiceLoader}
 * asks for them; the vault table is always there.
 *
 * <p>Needs {@code io.ledgerkit:persistence-jpa} (which brings Hibernate and the migrations) on the
 * test class path, and {@code com.h2database:h2} for the in-memory database of {@link #start()} and
 * of the extension; the testkit declares both optional.
 */
public final class TestPersistence
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private static final ExtensionContext.Namespace NS =
      ExtensionContext.Namespace.create(TestPersistence.class);

  private final List<Class<? extends MappedSchema>> schemaClasses;
  private final List<String> packages;
  private final List<SchemaPlugin> plugins;
  private final Map<Class<?>, SchemaVersionPolicy> policies;
  private final Map<Class<?>, SchemaOptions> options;
  private final IdentityService identityService;
  private final boolean serviceLoader;

  private TestPersistence(
      List<Class<? extends MappedSchema>> schemaClasses,
      List<String> packages,
      List<SchemaPlugin> plugins,
      Map<Class<?>, SchemaVersionPolicy> policies,
      Map<Class<?>, SchemaOptions> options,
      IdentityService identityService,
      boolean serviceLoader) {
    this.schemaClasses = List.copyOf(schemaClasses);
    this.packages = List.copyOf(packages);
    this.plugins = List.copyOf(plugins);
    this.policies = Map.copyOf(policies);
    this.options = Map.copyOf(options);
    this.identityService = identityService;
    this.serviceLoader = serviceLoader;
  }

  /**
   * Registers schema classes (each with a public no-argument constructor).
   *
   * @param schemaClasses the schemas
   * @return the configuration
   */
  @SafeVarargs
  public static TestPersistence schemas(Class<? extends MappedSchema>... schemaClasses) {
    return new TestPersistence(
        List.of(schemaClasses), List.of(), List.of(), Map.of(), Map.of(), null, false);
  }

  /**
   * Registers every schema class found in packages (and their sub-packages).
   *
   * @param packageNames the packages
   * @return the configuration
   */
  public static TestPersistence packages(String... packageNames) {
    return new TestPersistence(
        List.of(), List.of(packageNames), List.of(), Map.of(), Map.of(), null, false);
  }

  /**
   * Also registers schema classes.
   *
   * @param more the schemas
   * @return a copy with them
   */
  @SafeVarargs
  public final TestPersistence withSchemas(Class<? extends MappedSchema>... more) {
    List<Class<? extends MappedSchema>> l = new ArrayList<>(schemaClasses);
    l.addAll(List.of(more));
    return new TestPersistence(
        l, packages, plugins, policies, options, identityService, serviceLoader);
  }

  /**
   * Also scans packages.
   *
   * @param more the packages
   * @return a copy with them
   */
  public TestPersistence withPackages(String... more) {
    List<String> l = new ArrayList<>(packages);
    l.addAll(List.of(more));
    return new TestPersistence(
        schemaClasses, l, plugins, policies, options, identityService, serviceLoader);
  }

  /**
   * Adds a schema plugin.
   *
   * @param plugin the plugin
   * @return a copy with it
   */
  public TestPersistence withPlugin(SchemaPlugin plugin) {
    List<SchemaPlugin> l = new ArrayList<>(plugins);
    l.add(Objects.requireNonNull(plugin, "plugin"));
    return new TestPersistence(
        schemaClasses, packages, l, policies, options, identityService, serviceLoader);
  }

  /**
   * Sets a family's version policy.
   *
   * @param family the family class
   * @param policy the policy
   * @return a copy with it
   */
  public TestPersistence withVersionPolicy(Class<?> family, SchemaVersionPolicy policy) {
    Map<Class<?>, SchemaVersionPolicy> m = new HashMap<>(policies);
    m.put(family, policy);
    return new TestPersistence(
        schemaClasses, packages, plugins, m, options, identityService, serviceLoader);
  }

  /**
   * Sets the options of a schema class or family.
   *
   * @param schemaOrFamily the schema or family class
   * @param schemaOptions the options
   * @return a copy with them
   */
  public TestPersistence withSchemaOptions(Class<?> schemaOrFamily, SchemaOptions schemaOptions) {
    Map<Class<?>, SchemaOptions> m = new HashMap<>(options);
    m.put(schemaOrFamily, schemaOptions);
    return new TestPersistence(
        schemaClasses, packages, plugins, policies, m, identityService, serviceLoader);
  }

  /**
   * Sets the identity service that resolves parties.
   *
   * @param identities the service
   * @return a copy with it
   */
  public TestPersistence withIdentityService(IdentityService identities) {
    return new TestPersistence(
        schemaClasses,
        packages,
        plugins,
        policies,
        options,
        Objects.requireNonNull(identities, "identities"),
        serviceLoader);
  }

  /**
   * Whether to register the schemas found by {@link java.util.ServiceLoader} too (the built-in
   * connector and node-services schemas). Default {@code false}.
   *
   * @param enabled whether to load them
   * @return a copy with the setting
   */
  public TestPersistence withServiceLoader(boolean enabled) {
    return new TestPersistence(
        schemaClasses, packages, plugins, policies, options, identityService, enabled);
  }

  /**
   * The schema service this configuration describes.
   *
   * @return a new schema service
   */
  public DefaultSchemaService schemaService() {
    DefaultSchemaService.Builder b = DefaultSchemaService.configure().serviceLoader(serviceLoader);
    if (!schemaClasses.isEmpty()) {
      for (Class<? extends MappedSchema> c : schemaClasses) {
        b.register(c);
      }
    }
    if (!packages.isEmpty()) {
      b.scanPackages(packages.toArray(String[]::new));
    }
    plugins.forEach(b::plugin);
    policies.forEach(b::versionPolicy);
    options.forEach(b::schemaOptions);
    return b.load();
  }

  /**
   * Starts a database on a fresh in-memory H2 database, migrations run. Closing it drops the
   * database.
   *
   * @return the database
   */
  public PersistenceDatabase start() {
    Artifact.H2.require("TestPersistence.start()");
    return builder()
        .url("jdbc:h2:mem:lk-test-" + UUID.randomUUID(), "sa", "")
        .pool(5, 1, 30_000)
        .start();
  }

  /**
   * Starts a database on a resolved test database (its pool), migrations run. Close the returned
   * database before the test database goes away.
   *
   * @param database the test database, e.g. from {@link TestDatabaseExtension#database()}
   * @return the database
   */
  public PersistenceDatabase start(TestDatabase database) {
    Objects.requireNonNull(database, "database");
    return builder().dataSource(database.dataSource()).start();
  }

  /**
   * The database of the running test (extension use).
   *
   * @param context the test's extension context
   * @return the database
   */
  public PersistenceDatabase database(ExtensionContext context) {
    PersistenceDatabase db = find(context);
    if (db == null) {
      throw new IllegalStateException(
          "no TestPersistence database is running; register the extension with"
              + " @RegisterExtension");
    }
    return db;
  }

  private PersistenceDatabase.Builder builder() {
    PersistenceDatabase.Builder b =
        PersistenceDatabase.configure().schemaService(schemaService()).runMigration(true);
    if (identityService != null) {
      b.identityService(identityService);
    }
    return b;
  }

  private PersistenceDatabase find(ExtensionContext context) {
    for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
      PersistenceDatabase db = c.getStore(NS).get(key(), PersistenceDatabase.class);
      if (db != null) {
        return db;
      }
    }
    return null;
  }

  private String key() {
    return "db-" + System.identityHashCode(this);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getStore(NS).put(key(), start());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    PersistenceDatabase db = context.getStore(NS).remove(key(), PersistenceDatabase.class);
    if (db != null) {
      db.close();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (find(context) == null) {
      context.getStore(NS).put(key(), start());
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    PersistenceDatabase db = context.getStore(NS).remove(key(), PersistenceDatabase.class);
    if (db != null) {
      db.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PersistenceDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return database(context);
  }
}
