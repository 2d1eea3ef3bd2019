package io.ledgerkit.persistence.config;

import io.ledgerkit.persistence.schema.FamilyNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The configuration keys and their environment-variable names.
 *
 * <p>The environment name of a key is {@code LEDGERKIT_} followed by the key in upper case, with
 * {@code .} and every camel-case boundary turned into {@code _}: {@code database.runMigration} is
 * {@code LEDGERKIT_DATABASE_RUN_MIGRATION}, {@code database.pool.maximumSize} is {@code
 * LEDGERKIT_DATABASE_POOL_MAXIMUM_SIZE}. Per-family keys name the family by its class's simple
 * name: {@code schemas.com.example.CashSchema.tablePrefix} (or {@code
 * schemas.CashSchema.tablePrefix}, or the kebab-case {@code schemas.cash-schema.tablePrefix}) is
 * {@code LEDGERKIT_SCHEMAS_CASH_SCHEMA_TABLE_PREFIX}. Family names follow the one rule of {@link
 * FamilyNames}: {@code ILPConnectorSchema} is {@code ILP_CONNECTOR_SCHEMA} here and {@code
 * ilp-connector-schema} in changelog names and on the CLI.
 *
 * <p>Environment variables starting with {@value #RESERVED_ENVIRONMENT_PREFIX} belong to the
 * testkit and {@code LEDGERKIT_JAVA_OPTS} to the {@code ./ledgerkit} launcher; they are ignored.
 * Any other {@code LEDGERKIT_*} variable must name a key.
 */
public final class ConfigKeys {

  /** The JDBC URL of the database. */
  public static final String DATABASE_URL = "database.url";

  /** The database user. */
  public static final String DATABASE_USER = "database.user";

  /** The database password (secret). */
  public static final String DATABASE_PASSWORD = "database.password";

  /** The default database schema. */
  public static final String DATABASE_SCHEMA = "database.schema";

  /** Whether migrations run at startup. */
  public static final String DATABASE_RUN_MIGRATION = "database.runMigration";

  /** The transaction isolation level. */
  public static final String DATABASE_TRANSACTION_ISOLATION_LEVEL =
      "database.transactionIsolationLevel";

  /** The maximum size of the connection pool. */
  public static final String DATABASE_POOL_MAXIMUM_SIZE = "database.pool.maximumSize";

  /** Which schema versions are active. */
  public static final String SCHEMAS_VERSION_POLICY = "schemas.versionPolicy";

  /** The balance store. */
  public static final String BALANCE_STORE = "balance.store";

  /** The Redis URL of the Redis balance store. */
  public static final String BALANCE_REDIS_URL = "balance.redis.url";

  /** The key prefix of the Redis balance store. */
  public static final String BALANCE_REDIS_KEY_PREFIX = "balance.redis.keyPrefix";

  /** The JDBC URL of the PostgreSQL balance store. */
  public static final String BALANCE_POSTGRES_URL = "balance.postgres.url";

  /** The user of the PostgreSQL balance store. */
  public static final String BALANCE_POSTGRES_USER = "balance.postgres.user";

  /** The password of the PostgreSQL balance store (secret). */
  public static final String BALANCE_POSTGRES_PASSWORD = "balance.postgres.password";

  /** Whether concurrent balance calls are grouped into batches. */
  public static final String BALANCE_AUTO_BATCH = "balance.autoBatch";

  /** The longest wait of an auto-batched call in the queue. */
  public static final String BALANCE_AUTO_BATCH_MAX_QUEUE_TIME = "balance.autoBatchMaxQueueTime";

  /** The connect timeout of the Redis balance store. */
  public static final String BALANCE_REDIS_CONNECT_TIMEOUT = "balance.redis.connectTimeout";

  /** The socket (read) timeout of the Redis balance store. */
  public static final String BALANCE_REDIS_SOCKET_TIMEOUT = "balance.redis.socketTimeout";

  /** How long a PostgreSQL balance call waits for a pooled connection. */
  public static final String BALANCE_POSTGRES_CONNECTION_TIMEOUT =
      "balance.postgres.connectionTimeout";

  /** How long the PostgreSQL balance store's pool may take to open a connection. */
  public static final String BALANCE_POSTGRES_CONNECT_TIMEOUT = "balance.postgres.connectTimeout";

  /** The longest statement of the PostgreSQL balance store. */
  public static final String BALANCE_POSTGRES_STATEMENT_TIMEOUT =
      "balance.postgres.statementTimeout";

  /** Whether {@code Ledgerkit.start} runs the hold-expiry scheduler. */
  public static final String BALANCE_HOLDS_EXPIRY_ENABLED = "balance.holds.expiry.enabled";

  /** The pause between two runs of the hold-expiry scheduler. */
  public static final String BALANCE_HOLDS_EXPIRY_INTERVAL = "balance.holds.expiry.interval";

  /** The holds released per call by the hold-expiry scheduler. */
  public static final String BALANCE_HOLDS_EXPIRY_BATCH_SIZE = "balance.holds.expiry.batchSize";

  /** How long records of resolved holds and identified fulfills are kept. */
  public static final String BALANCE_RETENTION_OPERATIONS = "balance.retention.operations";

  /** How long journal entries are kept (not set: no age limit). */
  public static final String BALANCE_RETENTION_JOURNAL_AGE = "balance.retention.journalAge";

  /** How many journal entries are kept per account. */
  public static final String BALANCE_RETENTION_JOURNAL_ENTRIES = "balance.retention.journalEntries";

  /** The prefix of every environment variable of the configuration. */
  public static final String ENVIRONMENT_PREFIX = "LEDGERKIT_";

  /** Environment variables with this prefix belong to the testkit and are ignored. */
  public static final String RESERVED_ENVIRONMENT_PREFIX = "LEDGERKIT_TEST_";

  /**
   * Environment variables of the tools around the library (the {@code ./ledgerkit} launcher's JVM
   * options), ignored.
   */
  public static final Set<String> RESERVED_ENVIRONMENT_NAMES = Set.of("LEDGERKIT_JAVA_OPTS");

  /** The name of the default properties file, in the working directory. */
  public static final String DEFAULT_PROPERTIES_FILE = "ledgerkit.properties";

  private static final List<String> KEYS =
      List.of(
          DATABASE_URL,
          DATABASE_USER,
          DATABASE_PASSWORD,
          DATABASE_SCHEMA,
          DATABASE_RUN_MIGRATION,
          DATABASE_TRANSACTION_ISOLATION_LEVEL,
          DATABASE_POOL_MAXIMUM_SIZE,
          SCHEMAS_VERSION_POLICY,
          BALANCE_STORE,
          BALANCE_REDIS_URL,
          BALANCE_REDIS_KEY_PREFIX,
          BALANCE_POSTGRES_URL,
          BALANCE_POSTGRES_USER,
          BALANCE_POSTGRES_PASSWORD,
          BALANCE_AUTO_BATCH,
          BALANCE_AUTO_BATCH_MAX_QUEUE_TIME,
          BALANCE_REDIS_CONNECT_TIMEOUT,
          BALANCE_REDIS_SOCKET_TIMEOUT,
          BALANCE_POSTGRES_CONNECTION_TIMEOUT,
          BALANCE_POSTGRES_CONNECT_TIMEOUT,
          BALANCE_POSTGRES_STATEMENT_TIMEOUT,
          BALANCE_HOLDS_EXPIRY_ENABLED,
          BALANCE_HOLDS_EXPIRY_INTERVAL,
          BALANCE_HOLDS_EXPIRY_BATCH_SIZE,
          BALANCE_RETENTION_OPERATIONS,
          BALANCE_RETENTION_JOURNAL_AGE,
          BALANCE_RETENTION_JOURNAL_ENTRIES);

  private static final Set<String> SECRET_KEYS =
      Set.of(DATABASE_PASSWORD, BALANCE_POSTGRES_PASSWORD);

  private static final Set<String> URL_KEYS =
      Set.of(DATABASE_URL, BALANCE_REDIS_URL, BALANCE_POSTGRES_URL);

  private static final String TABLE_PREFIX = "tablePrefix";
  private static final String DATABASE_SCHEMA_OPTION = "databaseSchema";

  private static final Pattern FAMILY_KEY =
      Pattern.compile("schemas\\.([A-Za-z_$][A-Za-z0-9_$.-]*)\\.(tablePrefix|databaseSchema)");
  private static final Pattern FAMILY_ENV =
      Pattern.compile("LEDGERKIT_SCHEMAS_([A-Z0-9_]+?)_(TABLE_PREFIX|DATABASE_SCHEMA)");

  private static final Map<String, String> KEY_BY_ENVIRONMENT_NAME = new LinkedHashMap<>();

  static {
    for (String key : KEYS) {
      KEY_BY_ENVIRONMENT_NAME.put(environmentName(key), key);
    }
  }

  private ConfigKeys() {}

  /**
   * Whether an environment variable is not configuration although it starts with {@value
   * #ENVIRONMENT_PREFIX}: the testkit's {@value #RESERVED_ENVIRONMENT_PREFIX}{@code *} and {@link
   * #RESERVED_ENVIRONMENT_NAMES}.
   *
   * @param name the variable's name
   * @return {@code true} when the configuration ignores it
   */
  public static boolean isReservedEnvironmentName(String name) {
    return name.startsWith(RESERVED_ENVIRONMENT_PREFIX)
        || RESERVED_ENVIRONMENT_NAMES.contains(name);
  }

  /**
   * The fixed keys (without the per-family {@code schemas.<family>.*} keys), in documentation
   * order.
   *
   * @return the keys
   */
  public static List<String> keys() {
    return KEYS;
  }

  /**
   * Whether a key holds a secret, whose value is never printed.
   *
   * @param key a canonical key
   * @return {@code true} for passwords
   */
  public static boolean isSecret(String key) {
    return SECRET_KEYS.contains(key);
  }

  /**
   * Whether a key holds a URL, whose credentials are masked when printed.
   *
   * @param key a canonical key
   * @return {@code true} for URLs
   */
  public static boolean isUrl(String key) {
    return URL_KEYS.contains(key);
  }

  /**
   * The key of a family's table prefix, {@code schemas.<FAMILY>.tablePrefix}.
   *
   * @param family the schema family class
   * @return the canonical key
   */
  public static String tablePrefixKey(Class<?> family) {
    return "schemas." + familyName(family.getName()) + "." + TABLE_PREFIX;
  }

  /**
   * The key of a family's database schema, {@code schemas.<FAMILY>.databaseSchema}.
   *
   * @param family the schema family class
   * @return the canonical key
   */
  public static String databaseSchemaKey(Class<?> family) {
    return "schemas." + familyName(family.getName()) + "." + DATABASE_SCHEMA_OPTION;
  }

  /**
   * The name under which a family's options are kept: the simple class name in upper snake case.
   * {@code com.example.CashSchema}, {@code CashSchema} and {@code CASH_SCHEMA} all give {@code
   * CASH_SCHEMA}; a nested class {@code Outer$Inner} gives {@code INNER}.
   *
   * @param family a fully-qualified or simple class name, or an upper-snake name
   * @return the upper-snake name
   */
  public static String familyName(String family) {
    return FamilyNames.upperSnake(family);
  }

  /**
   * The environment-variable name of a key.
   *
   * @param key a fixed key, or a per-family key {@code schemas.<family>.tablePrefix|databaseSchema}
   * @return the environment name, for example {@code LEDGERKIT_DATABASE_URL}
   * @throws IllegalArgumentException when the key is not a configuration key
   */
  public static String environmentName(String key) {
    String canonical =
        canonicalKey(key)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "'"
                            + key
                            + "' is not a Ledgerkit configuration key; see ConfigKeys.keys()"));
    StringBuilder b = new StringBuilder(ENVIRONMENT_PREFIX);
    String[] parts = canonical.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        b.append('_');
      }
      b.append(upperSnake(parts[i]));
    }
    return b.toString();
  }

  /**
   * The key an environment variable sets.
   *
   * @param environmentName a variable name such as {@code LEDGERKIT_DATABASE_URL}
   * @return the canonical key (per-family keys as {@code schemas.<FAMILY>.tablePrefix}), or empty
   *     when the name does not map to a key
   */
  public static Optional<String> keyForEnvironmentName(String environmentName) {
    String key = KEY_BY_ENVIRONMENT_NAME.get(environmentName);
    if (key != null) {
      return Optional.of(key);
    }
    Matcher m = FAMILY_ENV.matcher(environmentName);
    if (m.matches()) {
      String option = m.group(2).equals("TABLE_PREFIX") ? TABLE_PREFIX : DATABASE_SCHEMA_OPTION;
      return Optional.of("schemas." + m.group(1) + "." + option);
    }
    return Optional.empty();
  }

  /**
   * The canonical form of a key: fixed keys as they are, per-family keys with the family in
   * upper-snake form ({@code schemas.com.example.CashSchema.tablePrefix} becomes {@code
   * schemas.CASH_SCHEMA.tablePrefix}).
   *
   * @param key a key as written in a file or in code
   * @return the canonical key, or empty when it is not a configuration key
   */
  public static Optional<String> canonicalKey(String key) {
    if (KEYS.contains(key)) {
      return Optional.of(key);
    }
    Matcher m = FAMILY_KEY.matcher(key);
    if (m.matches() && !m.group(1).endsWith(".") && !m.group(1).contains("..")) {
      return Optional.of("schemas." + familyName(m.group(1)) + "." + m.group(2));
    }
    return Optional.empty();
  }

  /**
   * The family of a canonical per-family key.
   *
   * @param canonicalKey a canonical key
   * @return the upper-snake family name, or {@code null} for a fixed key
   */
  static String familyOf(String canonicalKey) {
    if (KEYS.contains(canonicalKey)) {
      return null;
    }
    return canonicalKey.substring("schemas.".length(), canonicalKey.lastIndexOf('.'));
  }

  /**
   * Whether a canonical per-family key is a table prefix (else a database schema).
   *
   * @param canonicalKey a canonical per-family key
   * @return {@code true} for a table prefix
   */
  static boolean isTablePrefix(String canonicalKey) {
    return canonicalKey.endsWith("." + TABLE_PREFIX);
  }

  /**
   * Converts {@code maximumSize} to {@code MAXIMUM_SIZE}, {@code CashSchema} to {@code
   * CASH_SCHEMA}, {@code HTTPServer} to {@code HTTP_SERVER}; an upper-snake name stays as it is.
   * The rule is {@link FamilyNames#upperSnake(String)}, the one that also gives the kebab-case
   * names of families.
   */
  static String upperSnake(String name) {
    return FamilyNames.upperSnake(name);
  }
}
