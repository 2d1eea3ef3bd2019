package io.ledgerkit.persistence.jpa;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.ledgerkit.persistence.balance.AutoBatchListener;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.HoldExpiry;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import io.ledgerkit.persistence.config.DatabaseConfig;
import io.ledgerkit.persistence.config.HoldExpiryConfig;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.config.Masking;
import io.ledgerkit.persistence.identity.IdentityService;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.jpa.internal.ConfigSchemas;
import io.ledgerkit.persistence.jpa.repositories.AccountSettingsRepository;
import io.ledgerkit.persistence.jpa.repositories.RuntimeConfigRepository;
import io.ledgerkit.persistence.jpa.repositories.StaticRouteRepository;
import io.ledgerkit.persistence.pool.PoolSettings;
import io.ledgerkit.persistence.pool.Pools;
import io.ledgerkit.persistence.schema.MappedSchema;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of an application: one validated {@link LedgerkitConfig} in, a running database
 * (migrations verified or run, ORM started), the vault, the connector repositories and the
 * configured balance tracker out, with the hold-expiry scheduler ({@link HoldExpiry}) running on it
 * when {@code balance.holds.expiry.enabled=true} (the default). Closing the handle stops the
 * scheduler, then closes the tracker, then the database and its connection pool.
 *
 * <pre>{@code
 * LedgerkitConfig config = LedgerkitConfig.configure().defaultPropertiesFile().load(); // ./ledgerkit.properties + LEDGERKIT_* env
 * try (Ledgerkit ledgerkit = Ledgerkit.start(config)) {
 *   ledgerkit.database().transaction(session -> { ledgerkit.vault().record(states); return null; });
 *   ledgerkit.balanceTracker().fulfill(AccountId.of("alice"), 100, BalanceSettings.NONE);
 * }
 * }</pre>
 *
 * <p>The schemas are those found by {@link java.util.ServiceLoader} (the built-in vault, connector
 * and node-services schemas, and every schema an application registers in {@code
 * META-INF/services/io.ledgerkit.persistence.schema.MappedSchema}), plus any given to {@link
 * Builder#register}. Thread-safe; the accessors return the same objects for the handle's lifetime.
 */
public final class Ledgerkit implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Ledgerkit.class);

  private final LedgerkitConfig config;
  private final DataSource dataSource;
  private final HikariDataSource ownedPool;
  private final PersistenceDatabase database;
  private final BalanceTracker balanceTracker;
  private final HoldExpiry holdExpiry;
  private final AccountSettingsRepository accountSettings;
  private final StaticRouteRepository staticRoutes;
  private final RuntimeConfigRepository runtimeConfig;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Ledgerkit(
      LedgerkitConfig config,
      DataSource dataSource,
      HikariDataSource ownedPool,
      PersistenceDatabase database,
      BalanceTracker balanceTracker,
      HoldExpiry holdExpiry,
      Clock clock) {
    this.config = config;
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.database = database;
    this.balanceTracker = balanceTracker;
    this.holdExpiry = holdExpiry;
    this.accountSettings = new AccountSettingsRepository(database);
    this.staticRoutes = new StaticRouteRepository(database);
    this.runtimeConfig = new RuntimeConfigRepository(database, clock);
  }

  /**
   * Starts everything the configuration describes, with the defaults of {@link #configure}.
   *
   * @param config the configuration
   * @return the running handle; close it to release pools and clients
   * @throws IllegalStateException when {@code balance.store} names a store whose module is not on
   *     the classpath (the message names the module to add)
   * @throws io.ledgerkit.persistence.migrations.OutstandingMigrationsException when the database is
   *     behind the code and {@code database.runMigration=false}
   * @throws io.ledgerkit.persistence.config.InvalidConfigurationException when schema options name
   *     an unknown schema family
   * @throws io.ledgerkit.persistence.balance.BalanceStoreUnavailableException when the balance
   *     store cannot be reached
   */
  public static Ledgerkit start(LedgerkitConfig config) {
    return configure(config).start();
  }

  /**
   * Starts a configuration of the entry point, for what a configuration file cannot say: schemas
   * registered in code, the identity service, the class loader, the clock.
   *
   * @param config the configuration
   * @return a builder
   */
  public static Builder configure(LedgerkitConfig config) {
    return new Builder(config);
  }

  /**
   * The configuration this handle was started with.
   *
   * @return the configuration
   */
  public LedgerkitConfig config() {
    return config;
  }

  /**
   * The database: transactions, sessions, {@code jdbcSession()}.
   *
   * @return the database
   */
  public PersistenceDatabase database() {
    return database;
  }

  /**
   * The connection pool of the database: the one built from {@code database.*}, or the data source
   * given to {@link Builder#dataSource}.
   *
   * @return the data source
   */
  public DataSource dataSource() {
    return dataSource;
  }

  /**
   * Whether the database runs on a data source the application gave ({@link Builder#dataSource}),
   * which this handle does not close, rather than on a pool built from {@code database.*}.
   *
   * @return {@code true} for the application's data source
   */
  public boolean usesExternalDataSource() {
    return ownedPool == null;
  }

  /**
   * The vault (same as {@code database().vault()}).
   *
   * @return the vault
   */
  public Vault vault() {
    return database.vault();
  }

  /**
   * The account settings of the connector schema.
   *
   * @return the repository
   */
  public AccountSettingsRepository accountSettings() {
    return accountSettings;
  }

  /**
   * The static routes of the connector schema.
   *
   * @return the repository
   */
  public StaticRouteRepository staticRoutes() {
    return staticRoutes;
  }

  /**
   * The runtime configuration entries of the connector schema.
   *
   * @return the repository
   */
  public RuntimeConfigRepository runtimeConfig() {
    return runtimeConfig;
  }

  /**
   * The balance tracker of {@code balance.store} (wrapped for group commit when {@code
   * balance.autoBatch=true}, then by the {@link Builder#decorateBalanceTracker decorator} when one
   * was given). Owned by this handle: do not close it yourself.
   *
   * @return the tracker
   */
  public BalanceTracker balanceTracker() {
    return balanceTracker;
  }

  /**
   * The hold-expiry scheduler running on {@link #balanceTracker()}: present when {@code
   * balance.holds.expiry.enabled=true} (the default), every {@code balance.holds.expiry.interval},
   * {@code balance.holds.expiry.batchSize} holds per call. Owned by this handle.
   *
   * @return the scheduler, or empty when disabled
   */
  public Optional<HoldExpiry> holdExpiry() {
    return Optional.ofNullable(holdExpiry);
  }

  /**
   * Stops the hold-expiry scheduler (waiting for its run in flight), closes the balance tracker
   * (and its client or pool), then the database and its connection pool (not a data source given to
   * {@link Builder#dataSource}: its owner closes it). Idempotent. A failure while closing one is
   * reported after the others were closed.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException failure = closeAll(holdExpiry, balanceTracker, database, ownedPool);
    LOG.info("Ledgerkit stopped: database {}", databaseName(config, ownedPool == null));
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException closeAll(AutoCloseable... resources) {
    RuntimeException failure = null;
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Exception e) {
        if (failure == null) {
          failure =
              e instanceof RuntimeException re
                  ? re
                  : new IllegalStateException("closing " + r + " failed: " + e, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    return failure;
  }

  private static String databaseName(LedgerkitConfig config, boolean external) {
    return external ? "(the application's data source)" : Masking.mask(config.database().url());
  }

  @Override
  public String toString() {
    return "Ledgerkit[database="
        + databaseName(config, ownedPool == null)
        + ", balance.store="
        + config.balance().store()
        + (closed.get() ? ", closed" : "")
        + "]";
  }

  /** Configures {@link Ledgerkit#start}. Not thread-safe; use once. */
  public static final class Builder {
    private final LedgerkitConfig config;
    private final List<Class<? extends MappedSchema>> schemaClasses = new ArrayList<>();
    private final List<Consumer<DefaultSchemaService.Builder>> customizers = new ArrayList<>();
    private IdentityService identityService = InMemoryIdentityService.of();
    private ClassLoader classLoader;
    private Clock clock = Clock.systemUTC();
    private MetricsTrackerFactory metricsTrackerFactory;
    private AutoBatchListener autoBatchListener = AutoBatchListener.NONE;
    private UnaryOperator<BalanceTracker> trackerDecorator;
    private DataSource dataSource;

    private Builder(LedgerkitConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * The configuration this builder starts.
     *
     * @return the configuration
     */
    public LedgerkitConfig config() {
      return config;
    }

    /**
     * Registers schemas by class, in addition to those found by {@link java.util.ServiceLoader}.
     *
     * @param schemas the schema classes (each with a public no-argument constructor)
     * @return this builder
     */
    @SafeVarargs
    public final Builder register(Class<? extends MappedSchema>... schemas) {
      schemaClasses.addAll(List.of(schemas));
      return this;
    }

    /**
     * Adjusts the schema service further (plugins, package scans, per-family version policies). The
     * configuration's version policy and schema options are applied before this.
     *
     * @param customizer called with the schema service builder
     * @return this builder
     */
    public Builder schemaService(Consumer<DefaultSchemaService.Builder> customizer) {
      customizers.add(Objects.requireNonNull(customizer, "customizer"));
      return this;
    }

    /**
     * The identity service that resolves parties (default: one that knows nobody).
     *
     * @param identityService the service
     * @return this builder
     */
    public Builder identityService(IdentityService identityService) {
      this.identityService = Objects.requireNonNull(identityService, "identityService");
      return this;
    }

    /**
     * The class loader of schema and balance store discovery (default: the thread's context class
     * loader, else this class's).
     *
     * @param classLoader the class loader
     * @return this builder
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
      return this;
    }

    /**
     * The clock of recorded times (vault, runtime configuration); default UTC system clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Runs the database on this data source (for example a Spring Boot application's pool) instead
     * of a HikariCP pool built from {@code database.url}, {@code database.user}, {@code
     * database.password}, {@code database.schema} and {@code database.pool.maximumSize}, which are
     * then not used; {@code database.runMigration} and {@code database.transactionIsolationLevel}
     * still apply. The handle never closes it: its owner does, after closing the handle. A {@link
     * #metricsTrackerFactory} is not applied to it.
     *
     * @param dataSource the data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * HikariCP's metrics tracker for the database's connection pool (for example Hikari's own
     * {@code MicrometerMetricsTrackerFactory}), set when the pool is built. Default: none. The
     * {@code persistence-micrometer} module sets this, the two hooks below, and binds a PostgreSQL
     * balance store's own pool.
     *
     * @param factory the factory
     * @return this builder
     */
    public Builder metricsTrackerFactory(MetricsTrackerFactory factory) {
      this.metricsTrackerFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /**
     * The listener of the auto-batching wrapper, used when {@code balance.autoBatch=true} (default
     * {@link AutoBatchListener#NONE}).
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder autoBatchListener(AutoBatchListener listener) {
      this.autoBatchListener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Wraps the balance tracker once it is created (for example in a metered decorator): the
     * wrapper is what {@link Ledgerkit#balanceTracker()} returns and what the hold-expiry scheduler
     * runs on, and closing the handle closes the wrapper, which must close the tracker it wraps.
     *
     * @param decorator called once with the tracker (auto-batched when {@code
     *     balance.autoBatch=true}); returns the tracker to use
     * @return this builder
     */
    public Builder decorateBalanceTracker(UnaryOperator<BalanceTracker> decorator) {
      this.trackerDecorator = Objects.requireNonNull(decorator, "decorator");
      return this;
    }

    /**
     * Starts the database (migrate or verify, then the ORM) and the balance tracker. A failure
     * closes whatever was already opened.
     *
     * @return the running handle
     * @throws IllegalStateException when the balance store's module is not on the classpath
     */
    public Ledgerkit start() {
      ClassLoader loader = classLoader;
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = Ledgerkit.class.getClassLoader();
      }
      // Fail before opening anything when the balance store's module is missing.
      BalanceTrackerProvider.forStore(config.balance().store(), loader);
      DefaultSchemaService schemas =
          ConfigSchemas.build(
              config,
              loader,
              b -> {
                for (Class<? extends MappedSchema> c : schemaClasses) {
                  b.register(c);
                }
                customizers.forEach(c -> c.accept(b));
              });
      DatabaseConfig db = config.database();
      boolean external = dataSource != null;
      LOG.info(
          "Ledgerkit starting: database {} (runMigration={}), {} schemas, balance store {}",
          databaseName(config, external),
          db.runMigration(),
          schemas.schemas().size(),
          config.balance().store());
      HikariDataSource pool = null;
      PersistenceDatabase database = null;
      BalanceTracker tracker = null;
      HoldExpiry expiry = null;
      try {
        DataSource connections = dataSource;
        if (!external) {
          pool = Pools.open(poolSettings(db, metricsTrackerFactory));
          connections = pool;
        }
        database =
            PersistenceDatabase.configure()
                .dataSource(connections)
                .schemaService(schemas)
                .identityService(identityService)
                .isolation(db.transactionIsolationLevel())
                .runMigration(db.runMigration())
                .clock(clock)
                .start();
        tracker = BalanceTrackerProvider.createTracker(config, loader, autoBatchListener);
        if (trackerDecorator != null) {
          BalanceTracker decorated = trackerDecorator.apply(tracker);
          if (decorated == null) {
            throw new IllegalStateException(
                "the balance tracker decorator returned null; return the tracker it was given");
          }
          tracker = decorated;
        }
        HoldExpiryConfig expiryConfig = config.balance().holdExpiry();
        if (expiryConfig.enabled()) {
          expiry = HoldExpiry.start(tracker, expiryConfig.interval(), expiryConfig.batchSize());
        }
        Ledgerkit started =
            new Ledgerkit(config, connections, pool, database, tracker, expiry, clock);
        LOG.info(
            "Ledgerkit started: database {}, balance store {} ({}), hold expiry {}",
            databaseName(config, external),
            config.balance().store(),
            tracker,
            expiry != null ? expiry : "off");
        return started;
      } catch (RuntimeException | Error e) {
        RuntimeException closing = closeAll(expiry, tracker, database, pool);
        if (closing != null) {
          e.addSuppressed(closing);
        }
        throw e;
      }
    }

    private static PoolSettings poolSettings(
        DatabaseConfig db, MetricsTrackerFactory metricsTrackerFactory) {
      return PoolSettings.configure()
          .url(db.url(), db.user(), db.password())
          .schema(db.schema())
          .poolName("ledgerkit-" + Integer.toHexString(System.identityHashCode(new Object())))
          // One connection stays open, so an in-memory H2 database lives as long as the handle.
          .size(db.pool().maximumSize(), 1)
          .metricsTrackerFactory(metricsTrackerFactory)
          .load();
    }
  }
}
