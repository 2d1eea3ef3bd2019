package io.ledgerkit.persistence.config;

import io.ledgerkit.persistence.schema.SchemaOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The whole configuration of Ledgerkit, immutable and validated. It is built from four layers, the
 * stronger overriding the weaker: values set in code &gt; {@code LEDGERKIT_*} environment variables
 * &gt; a properties file &gt; defaults.
 *
 * <pre>{@code
 * LedgerkitConfig config = LedgerkitConfig.configure()
 *     .propertiesFile(Path.of("ledgerkit.properties"))  // optional
 *     .runMigration(true)                                // code wins over env and file
 *     .load();                                            // environment: System.getenv()
 * String url = config.database().url();
 * }</pre>
 *
 * <p>Every unknown key and invalid value is reported together in one {@link
 * InvalidConfigurationException}. {@link #toString()} masks passwords and URL credentials. The keys
 * and their environment names are documented in {@link ConfigKeys} and {@code
 * docs/configuration.md}.
 */
public final class LedgerkitConfig {

  private final DatabaseConfig database;
  private final SchemasConfig schemas;
  private final BalanceConfig balance;
  private final Map<String, String> values;
  private final Map<String, ConfigSource> sources;

  LedgerkitConfig(
      DatabaseConfig database,
      SchemasConfig schemas,
      BalanceConfig balance,
      Map<String, String> values,
      Map<String, ConfigSource> sources) {
    this.database = database;
    this.schemas = schemas;
    this.balance = balance;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }

  /**
   * Starts a configuration: no file, the process environment ({@code System.getenv()}), nothing set
   * in code yet.
   *
   * @return a builder
   */
  public static Builder configure() {
    return new Builder();
  }

  /**
   * The defaults only: no file, and no environment.
   *
   * @return the default configuration (embedded H2 file database, in-memory balances)
   */
  public static LedgerkitConfig defaults() {
    return configure().environment(Map.of()).load();
  }

  /**
   * The relational database.
   *
   * @return the database settings
   */
  public DatabaseConfig database() {
    return database;
  }

  /**
   * The mapped schemas.
   *
   * @return the schema settings
   */
  public SchemasConfig schemas() {
    return schemas;
  }

  /**
   * The balance store.
   *
   * @return the balance settings
   */
  public BalanceConfig balance() {
    return balance;
  }

  /**
   * Where the effective value of a key came from.
   *
   * @param key a key, as in a file ({@code database.url}, {@code schemas.CashSchema.tablePrefix})
   * @return its source ({@link ConfigSource#DEFAULT} when it was not set)
   * @throws IllegalArgumentException when the key is not a configuration key
   */
  public ConfigSource source(String key) {
    String canonical =
        ConfigKeys.canonicalKey(key)
            .orElseThrow(
                () -> new IllegalArgumentException("'" + key + "' is not a configuration key"));
    return sources.getOrDefault(canonical, ConfigSource.DEFAULT);
  }

  /**
   * The effective value of every key that has one, in canonical form ({@code
   * schemas.<FAMILY>.tablePrefix} for families), NOT masked: never log it, log {@link #toString()}.
   *
   * @return key to value
   */
  public Map<String, String> toProperties() {
    return values;
  }

  /**
   * The effective values with passwords and URL credentials masked, fit for a log line.
   *
   * @return the masked description
   */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("LedgerkitConfig{");
    String sep = "";
    for (Map.Entry<String, String> e : values.entrySet()) {
      b.append(sep).append(e.getKey()).append('=').append(masked(e.getKey(), e.getValue()));
      sep = ", ";
    }
    return b.append('}').toString();
  }

  static String masked(String key, String value) {
    return ConfigKeys.isSecret(key) ? Masking.maskSecret(value) : Masking.mask(value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LedgerkitConfig other && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /**
   * Collects the layers of a configuration; {@link #load()} merges and validates them. Setting a
   * value to {@code null} in code removes the code value (the environment, file or default
   * applies); an empty string (except for a password) means the default.
   */
  public static final class Builder {

    private final List<ConfigResolver.FileLayer> files = new ArrayList<>();
    private final LinkedHashMap<String, String> code = new LinkedHashMap<>();
    private Map<String, String> environment;
    private ClassLoader classLoader;

    private Builder() {}

    /**
     * Reads a properties file (UTF-8). A missing or unreadable file is reported by {@link #load()}.
     * Several files may be given; a later one overrides an earlier one.
     *
     * @param file the file
     * @return this builder
     */
    public Builder propertiesFile(Path file) {
      files.add(ConfigResolver.FileLayer.of(Objects.requireNonNull(file, "file"), false));
      return this;
    }

    /**
     * Reads a properties file (UTF-8) when it exists, and ignores it otherwise.
     *
     * @param file the file
     * @return this builder
     */
    public Builder propertiesFileIfExists(Path file) {
      files.add(ConfigResolver.FileLayer.of(Objects.requireNonNull(file, "file"), true));
      return this;
    }

    /**
     * Reads {@code ./ledgerkit.properties} (the working directory's, {@link
     * ConfigKeys#DEFAULT_PROPERTIES_FILE}) when it exists: the usual way an application loads its
     * configuration, {@code LedgerkitConfig.configure().defaultPropertiesFile().load()}.
     *
     * @return this builder
     */
    public Builder defaultPropertiesFile() {
      return propertiesFileIfExists(Path.of(ConfigKeys.DEFAULT_PROPERTIES_FILE));
    }

    /**
     * Uses properties already in memory at the file level (for example read from the classpath).
     *
     * @param properties the properties
     * @return this builder
     */
    public Builder properties(Properties properties) {
      Map<String, String> map = new LinkedHashMap<>();
      properties.stringPropertyNames().stream()
          .sorted()
          .forEach(k -> map.put(k, properties.getProperty(k)));
      files.add(ConfigResolver.FileLayer.of(map, "properties"));
      return this;
    }

    /**
     * Uses key-value pairs from another configuration system at the file level (for example a
     * Spring Boot application's {@code ledgerkit.*} properties), validated like a file's; a later
     * layer overrides an earlier one. Problems name the key and {@code origin}.
     *
     * @param properties key (as in a properties file) to value
     * @param origin where they came from, shown in error messages, e.g. {@code Spring property
     *     ledgerkit.database.url in application.properties}
     * @return this builder
     */
    public Builder properties(Map<String, String> properties, String origin) {
      Objects.requireNonNull(origin, "origin");
      files.add(
          ConfigResolver.FileLayer.of(
              new LinkedHashMap<>(Objects.requireNonNull(properties, "properties")), origin));
      return this;
    }

    /**
     * Replaces the environment ({@code System.getenv()} by default); only {@code LEDGERKIT_*}
     * variables are read. Pass {@code Map.of()} to ignore the environment.
     *
     * @param environment variable name to value
     * @return this builder
     */
    public Builder environment(Map<String, String> environment) {
      this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
      return this;
    }

    /**
     * The class loader whose {@link io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider}s
     * may add store names beyond {@code memory}, {@code redis} and {@code postgres} (default: the
     * thread's context class loader).
     *
     * @param classLoader the class loader
     * @return this builder
     */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = classLoader;
      return this;
    }

    /**
     * Sets a key in code, the strongest layer.
     *
     * @param key a key as in a properties file
     * @param value the value, or {@code null} to remove the code value
     * @return this builder
     */
    public Builder set(String key, String value) {
      Objects.requireNonNull(key, "key");
      if (value == null) {
        code.remove(key);
      } else {
        code.put(key, value);
      }
      return this;
    }

    /**
     * Sets {@code database.url}.
     *
     * @param url the JDBC URL
     * @return this builder
     */
    public Builder databaseUrl(String url) {
      return set(ConfigKeys.DATABASE_URL, url);
    }

    /**
     * Sets {@code database.user}.
     *
     * @param user the user
     * @return this builder
     */
    public Builder databaseUser(String user) {
      return set(ConfigKeys.DATABASE_USER, user);
    }

    /**
     * Sets {@code database.password}.
     *
     * @param password the password
     * @return this builder
     */
    public Builder databasePassword(String password) {
      return set(ConfigKeys.DATABASE_PASSWORD, password);
    }

    /**
     * Sets {@code database.schema}.
     *
     * @param schema the default database schema
     * @return this builder
     */
    public Builder databaseSchema(String schema) {
      return set(ConfigKeys.DATABASE_SCHEMA, schema);
    }

    /**
     * Sets {@code database.runMigration}.
     *
     * @param runMigration whether migrations run at startup
     * @return this builder
     */
    public Builder runMigration(boolean runMigration) {
      return set(ConfigKeys.DATABASE_RUN_MIGRATION, Boolean.toString(runMigration));
    }

    /**
     * Sets {@code database.transactionIsolationLevel}.
     *
     * @param level the isolation level
     * @return this builder
     */
    public Builder transactionIsolationLevel(TransactionIsolation level) {
      return set(
          ConfigKeys.DATABASE_TRANSACTION_ISOLATION_LEVEL, level == null ? null : level.name());
    }

    /**
     * Sets {@code database.pool.maximumSize}.
     *
     * @param maximumSize the largest number of connections
     * @return this builder
     */
    public Builder poolMaximumSize(int maximumSize) {
      return set(ConfigKeys.DATABASE_POOL_MAXIMUM_SIZE, Integer.toString(maximumSize));
    }

    /**
     * Sets {@code schemas.versionPolicy}.
     *
     * @param policy which versions are active
     * @return this builder
     */
    public Builder versionPolicy(SchemaVersionPolicy policy) {
      return set(ConfigKeys.SCHEMAS_VERSION_POLICY, policy == null ? null : policy.name());
    }

    /**
     * Sets {@code schemas.<family>.tablePrefix} and {@code schemas.<family>.databaseSchema}.
     *
     * @param family the schema family class
     * @param options its options ({@code null} fields are left to the other sources or the default:
     *     no database schema, the schema's {@link
     *     io.ledgerkit.persistence.schema.MappedSchema#defaultTablePrefix() default prefix}; an
     *     empty prefix means explicitly none)
     * @return this builder
     */
    public Builder schemaOptions(Class<?> family, SchemaOptions options) {
      set(ConfigKeys.tablePrefixKey(family), options.tablePrefix());
      return set(
          ConfigKeys.databaseSchemaKey(family),
          options.databaseSchema() == null ? "" : options.databaseSchema());
    }

    /**
     * Sets {@code balance.store}.
     *
     * @param store {@code memory}, {@code redis} or {@code postgres}
     * @return this builder
     */
    public Builder balanceStore(String store) {
      return set(ConfigKeys.BALANCE_STORE, store);
    }

    /**
     * Sets {@code balance.redis.url}.
     *
     * @param url {@code redis://host:port} or {@code redis-cluster://host:port,host:port}
     * @return this builder
     */
    public Builder redisUrl(String url) {
      return set(ConfigKeys.BALANCE_REDIS_URL, url);
    }

    /**
     * Sets {@code balance.redis.keyPrefix}.
     *
     * @param keyPrefix the key prefix
     * @return this builder
     */
    public Builder redisKeyPrefix(String keyPrefix) {
      return set(ConfigKeys.BALANCE_REDIS_KEY_PREFIX, keyPrefix);
    }

    /**
     * Sets {@code balance.postgres.url}.
     *
     * @param url the PostgreSQL JDBC URL of the balance store
     * @return this builder
     */
    public Builder postgresBalanceUrl(String url) {
      return set(ConfigKeys.BALANCE_POSTGRES_URL, url);
    }

    /**
     * Sets {@code balance.autoBatch}.
     *
     * @param autoBatch whether concurrent balance calls are grouped into batches
     * @return this builder
     */
    public Builder autoBatch(boolean autoBatch) {
      return set(ConfigKeys.BALANCE_AUTO_BATCH, Boolean.toString(autoBatch));
    }

    /**
     * Merges the layers (code &gt; environment &gt; file &gt; defaults) and validates the result.
     *
     * @return the configuration
     * @throws InvalidConfigurationException listing every unknown key, invalid value and missing
     *     required value
     */
    public LedgerkitConfig load() {
      Map<String, String> env = environment != null ? environment : System.getenv();
      ClassLoader loader = classLoader;
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = LedgerkitConfig.class.getClassLoader();
      }
      return new ConfigResolver(loader).resolve(files, env, code);
    }
  }
}
