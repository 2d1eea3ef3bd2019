package io.ledgerkit.persistence.jpa;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.ledgerkit.persistence.config.TransactionIsolation;
import io.ledgerkit.persistence.identity.IdentityService;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.jpa.internal.MappingPlan;
import io.ledgerkit.persistence.jpa.internal.OrmBootstrap;
import io.ledgerkit.persistence.jpa.internal.SessionFactoryCache;
import io.ledgerkit.persistence.jpa.internal.ThreadTransactions;
import io.ledgerkit.persistence.jpa.schemas.VaultSchemaV1;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.migrations.StartupResult;
import io.ledgerkit.persistence.pool.PoolSettings;
import io.ledgerkit.persistence.pool.Pools;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.schema.SchemaService;
import jakarta.persistence.AttributeConverter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * A node's database: migrations checked (or run) at start, a Hibernate {@link SessionFactory} for
 * the active mapped schemas and the vault, and thread-bound transactions.
 *
 * <pre>{@code
 * try (PersistenceDatabase db = PersistenceDatabase.configure()
 *         .url("jdbc:postgresql://localhost/node", "node", secret)
 *         .schemaService(DefaultSchemaService.configure().register(CashSchemaV1.class).load())
 *         .identityService(identities)
 *         .runMigration(true)
 *         .start()) {
 *   db.transaction(session -> { db.vault().record(states); return null; });
 * }
 * }</pre>
 *
 * <p>Immutable once started and safe to share between threads; {@link #close()} releases the
 * factories and, when it created it, the connection pool.
 */
public final class PersistenceDatabase implements AutoCloseable {

  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final SchemaService schemaService;
  private final IdentityService identityService;
  private final List<AttributeConverter<?, ?>> converters;
  private final int batchSize;
  private final boolean mysqlLike;
  private final String dialect;
  private final Map<MappedSchema, SchemaOptions> activeSchemas;
  private final SessionFactory sessionFactory;
  private final SessionFactoryCache otherFactories;
  private final ThreadTransactions transactions;
  private final Vault vault;
  private final StartupResult migrationStartup;

  private PersistenceDatabase(Builder b, DataSource ds, HikariDataSource ownedPool) {
    this.dataSource = ds;
    this.ownedPool = ownedPool;
    this.schemaService = b.schemaService;
    this.identityService = b.identityService;
    this.converters = List.copyOf(b.converters);
    this.batchSize = b.batchSize;
    this.activeSchemas = withVault(schemaService.schemas());
    String[] product = product(ds);
    this.mysqlLike = OrmBootstrap.isMysqlLike(product[0]);
    this.dialect = OrmBootstrap.dialectFor(product[0], product[1]);
    this.otherFactories = new SessionFactoryCache(this::buildFactory, b.factoryCacheSize);
    this.migrationStartup =
        b.migrate
            ? SchemaMigration.configure()
                .dataSource(ds)
                .schemas(activeSchemas)
                .runMigration(b.runMigration)
                .load()
                .startup()
            : null;
    this.sessionFactory = buildFactory(activeSchemas);
    this.transactions = new ThreadTransactions(sessionFactory, b.isolation, b.maxRetries);
    this.vault = new Vault(this, schemaService, b.clock, batchSize);
  }

  /**
   * Starts a configuration.
   *
   * @return a builder
   */
  public static Builder configure() {
    return new Builder();
  }

  /**
   * What the migration step did at start: migrated or verified, the change sets applied, how long
   * it took.
   *
   * @return the result, or empty when the builder said {@link Builder#skipMigrationCheck()}
   */
  public Optional<StartupResult> migrationStartup() {
    return Optional.ofNullable(migrationStartup);
  }

  /**
   * The schema service.
   *
   * @return the schema service
   */
  public SchemaService schemaService() {
    return schemaService;
  }

  /**
   * The identity service that resolves parties.
   *
   * @return the identity service
   */
  public IdentityService identityService() {
    return identityService;
  }

  /**
   * The schemas mapped by {@link #sessionFactory()}: the active schemas plus the vault schema, each
   * with its options.
   *
   * @return schema to options
   */
  public Map<MappedSchema, SchemaOptions> activeSchemas() {
    return activeSchemas;
  }

  /**
   * The connection pool (or the data source that was given).
   *
   * @return the data source
   */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * The session factory of the active schemas.
   *
   * @return the factory
   */
  public SessionFactory sessionFactory() {
    return sessionFactory;
  }

  /**
   * A session factory mapping another set of schemas (plus the vault), built on first use and kept
   * in a bounded cache (least recently used factories are closed). The tables must exist.
   *
   * @param schemas the schemas, each with the options the schema service gives it
   * @return the factory
   * @throws SchemaMappingException when the mapping disagrees with the database
   */
  public SessionFactory sessionFactory(Collection<? extends MappedSchema> schemas) {
    Map<MappedSchema, SchemaOptions> wanted = withVault(Set.copyOf(schemas));
    if (wanted.keySet().equals(activeSchemas.keySet())) {
      return sessionFactory;
    }
    return otherFactories.get(wanted);
  }

  /**
   * The vault: records and consumes states in the current transaction.
   *
   * @return the vault
   */
  public Vault vault() {
    return vault;
  }

  /**
   * Runs work in a transaction with the default isolation (see {@link
   * #transaction(TransactionIsolation, TransactionWork)}).
   *
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   */
  public <T> T transaction(TransactionWork<T> work) {
    return transactions.run(null, work);
  }

  /**
   * Runs work in a transaction bound to the calling thread. When the thread already runs a
   * transaction of this database, the work joins it (it must not ask for another isolation) and a
   * failure of the work makes the outer transaction roll back. Otherwise a new transaction starts:
   * it commits when the work returns and rolls back when it throws. Work wrapped with {@link
   * TransactionWork#retryable} runs again (a bounded number of times) after a deadlock or
   * serialization failure.
   *
   * @param isolation the isolation level
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   * @throws TransactionFailedException when the work threw a checked exception
   */
  public <T> T transaction(TransactionIsolation isolation, TransactionWork<T> work) {
    return transactions.run(Objects.requireNonNull(isolation, "isolation"), work);
  }

  /**
   * The ORM session of the calling thread's transaction.
   *
   * @return the session
   * @throws IllegalStateException outside a transaction
   */
  public Session currentSession() {
    return transactions.currentSession("currentSession()");
  }

  /**
   * The JDBC connection of the calling thread's transaction, after flushing pending ORM writes so
   * that SQL sees them. The connection refuses close, commit, rollback, setAutoCommit,
   * setTransactionIsolation, setSchema and setCatalog: the transaction owns it.
   *
   * @return the restricted connection
   * @throws IllegalStateException outside a transaction
   */
  public Connection jdbcSession() {
    return transactions.jdbcSession("jdbcSession()");
  }

  /**
   * Whether the calling thread runs a transaction of this database.
   *
   * @return {@code true} inside {@link #transaction}
   */
  public boolean inTransaction() {
    return transactions.inTransaction();
  }

  /** Closes the session factories and, when this database created it, the connection pool. */
  @Override
  public void close() {
    otherFactories.close();
    sessionFactory.close();
    if (ownedPool != null) {
      ownedPool.close();
    }
  }

  private Map<MappedSchema, SchemaOptions> withVault(Set<? extends MappedSchema> schemas) {
    List<MappedSchema> sorted = new ArrayList<>(schemas);
    sorted.sort(Comparator.comparing(MappedSchema::name).thenComparing(MappedSchema::version));
    Map<MappedSchema, SchemaOptions> m = new LinkedHashMap<>();
    VaultSchemaV1 vaultSchema = new VaultSchemaV1();
    m.put(vaultSchema, schemaService.schemaOptions(vaultSchema));
    for (MappedSchema s : sorted) {
      m.put(s, schemaService.schemaOptions(s));
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  private SessionFactory buildFactory(Map<MappedSchema, SchemaOptions> schemas) {
    return OrmBootstrap.build(
        dataSource,
        MappingPlan.of(schemas),
        identityService,
        converters,
        batchSize,
        mysqlLike,
        dialect,
        "schemas " + schemas.keySet());
  }

  private static String[] product(DataSource ds) {
    try (Connection c = ds.getConnection()) {
      return new String[] {
        c.getMetaData().getDatabaseProductName(), c.getMetaData().getDatabaseProductVersion()
      };
    } catch (SQLException e) {
      throw new IllegalStateException("cannot connect to the database: " + e.getMessage(), e);
    }
  }

  /**
   * Configures a {@link PersistenceDatabase}; {@link #start()} builds the immutable database. Not
   * thread-safe.
   */
  public static final class Builder {
    private DataSource dataSource;
    private String url;
    // The pool for url(...): the factory's settings, collected as they are given.
    private final PoolSettings.Builder poolSettings =
        PoolSettings.configure().poolName("ledgerkit-persistence").size(10, 0);
    private SchemaService schemaService;
    private boolean runMigration;
    private boolean migrate = true;
    private TransactionIsolation isolation = TransactionIsolation.READ_COMMITTED;
    private IdentityService identityService = InMemoryIdentityService.of();
    private final List<AttributeConverter<?, ?>> converters = new ArrayList<>();
    private int batchSize = 50;
    private int maxRetries = 3;
    private int factoryCacheSize = 4;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Uses an existing data source (its owner closes it).
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Connects through a HikariCP pool created (and closed) by the database.
     *
     * @param jdbcUrl the JDBC URL
     * @param user the user, or {@code null}
     * @param password the password, or {@code null}
     * @return this builder
     */
    public Builder url(String jdbcUrl, String user, String password) {
      PoolSettings.requireJdbcUrl(jdbcUrl);
      this.url = jdbcUrl;
      this.poolSettings.url(jdbcUrl, user, password);
      return this;
    }

    /**
     * Pool settings for {@link #url}: maximum connections (default 10), minimum idle (default 0)
     * and how long to wait for a connection (default 30 s).
     *
     * @param maxPoolSize the maximum pool size, 1 or more
     * @param minIdle the minimum idle connections, 0 to maxPoolSize
     * @param connectionTimeoutMillis the wait for a connection, 250 ms or more
     * @return this builder
     */
    public Builder pool(int maxPoolSize, int minIdle, long connectionTimeoutMillis) {
      PoolSettings.requireSizes(maxPoolSize, minIdle);
      PoolSettings.requireTimeout("connectionTimeout", Duration.ofMillis(connectionTimeoutMillis));
      this.poolSettings
          .size(maxPoolSize, minIdle)
          .connectionTimeout(Duration.ofMillis(connectionTimeoutMillis));
      return this;
    }

    /**
     * HikariCP's metrics tracker for the pool created for {@link #url} (for example Hikari's own
     * {@code MicrometerMetricsTrackerFactory}; the {@code persistence-micrometer} module passes
     * one). Ignored with a {@link #dataSource(DataSource) data source} of your own: set it on that
     * pool. Default: none, no metrics.
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder metricsTrackerFactory(MetricsTrackerFactory factory) {
      this.poolSettings.metricsTrackerFactory(Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * The schema service (required): which schemas are active and how states map to them.
     *
     * @param schemaService the service
     * @return this builder
     */
    public Builder schemaService(SchemaService schemaService) {
      this.schemaService = Objects.requireNonNull(schemaService, "schemaService");
      return this;
    }

    /**
     * Whether start-up applies pending migrations ({@code true}) or only verifies that none are
     * pending ({@code false}, the default: a database behind the code stops start-up).
     *
     * @param runMigration whether to migrate
     * @return this builder
     */
    public Builder runMigration(boolean runMigration) {
      this.runMigration = runMigration;
      return this;
    }

    /**
     * The default isolation of transactions (default {@link TransactionIsolation#READ_COMMITTED}).
     *
     * @param isolation the isolation
     * @return this builder
     */
    public Builder isolation(TransactionIsolation isolation) {
      this.isolation = Objects.requireNonNull(isolation, "isolation");
      return this;
    }

    /**
     * The identity service that resolves parties to X.500 names (default: one that knows nobody, so
     * every party is stored as NULL).
     *
     * @param identityService the service
     * @return this builder
     */
    public Builder identityService(IdentityService identityService) {
      this.identityService = Objects.requireNonNull(identityService, "identityService");
      return this;
    }

    /**
     * Adds an attribute converter, auto-applied to every attribute of its entity-side type.
     *
     * @param converter the converter
     * @return this builder
     */
    public Builder attributeConverter(AttributeConverter<?, ?> converter) {
      converters.add(Objects.requireNonNull(converter, "converter"));
      return this;
    }

    /**
     * The JDBC batch size of ORM writes (default 50).
     *
     * @param batchSize 1 to 10000
     * @return this builder
     */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1 || batchSize > 10_000) {
        throw new IllegalArgumentException("batch size " + batchSize + " must be 1 to 10000");
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * How many times retryable work runs again after a transient failure (default 3).
     *
     * @param maxRetries 0 to 100
     * @return this builder
     */
    public Builder maxRetries(int maxRetries) {
      if (maxRetries < 0 || maxRetries > 100) {
        throw new IllegalArgumentException("max retries " + maxRetries + " must be 0 to 100");
      }
      this.maxRetries = maxRetries;
      return this;
    }

    /**
     * How many session factories for other schema sets are kept (default 4).
     *
     * @param size 1 or more
     * @return this builder
     */
    public Builder sessionFactoryCacheSize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("session factory cache size " + size + " must be >= 1");
      }
      this.factoryCacheSize = size;
      return this;
    }

    /**
     * The clock of recorded and consumed times (default UTC system clock).
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Skips the migration step entirely (neither migrate nor verify). Only for callers that ran
     * {@link SchemaMigration} themselves just before; the ORM still validates the tables.
     *
     * @return this builder
     */
    public Builder skipMigrationCheck() {
      this.migrate = false;
      return this;
    }

    /**
     * Starts the database: verifies (or runs) the migrations of the active schemas and the vault,
     * then builds and validates the ORM mapping.
     *
     * @return the started database
     * @throws IllegalStateException when the configuration is incomplete
     * @throws io.ledgerkit.persistence.migrations.OutstandingMigrationsException when the database
     *     is behind the code and {@code runMigration} is false
     * @throws SchemaMappingException when an entity disagrees with its table
     */
    public PersistenceDatabase start() {
      if (schemaService == null) {
        throw new IllegalStateException(
            "no schema service; set schemaService(DefaultSchemaService.configure()...load())");
      }
      if ((dataSource == null) == (url == null)) {
        throw new IllegalStateException(
            "set exactly one of dataSource(...) or url(...); "
                + (dataSource == null ? "neither was set" : "both were set"));
      }
      HikariDataSource pool = null;
      DataSource ds = dataSource;
      if (ds == null) {
        pool = Pools.open(poolSettings.load());
        ds = pool;
      }
      try {
        return new PersistenceDatabase(this, ds, pool);
      } catch (RuntimeException | Error e) {
        if (pool != null) {
          pool.close();
        }
        throw e;
      }
    }
  }
}
