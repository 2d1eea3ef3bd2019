package io.ledgerkit.persistence.config;

import io.ledgerkit.persistence.balance.Retention;
import io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Merges the layers of a configuration and validates every value, collecting all problems. */
final class ConfigResolver {

  /** A properties file (or in-memory properties) at the file level. */
  record FileLayer(Path path, boolean optional, Map<String, String> properties, String origin) {

    static FileLayer of(Path path, boolean optional) {
      return new FileLayer(path, optional, null, "file " + path);
    }

    static FileLayer of(Map<String, String> properties, String origin) {
      return new FileLayer(null, false, properties, origin);
    }
  }

  /** A value as written: {@code value == null} means "use the default". */
  private record Entry(String rawKey, String value, ConfigSource source, String origin) {}

  private static final Pattern SQL_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
  private static final Pattern JDBC_URL =
      Pattern.compile("(?i)jdbc:(h2|postgresql|mysql|mariadb|sqlserver|oracle):\\S+");
  private static final Pattern KEY_PREFIX = Pattern.compile("[^\\s{}]{1,100}");
  private static final String JDBC_ALLOWED =
      "a JDBC URL of a supported database: jdbc:h2:..., jdbc:postgresql:..., jdbc:mysql:...,"
          + " jdbc:mariadb:..., jdbc:sqlserver:... or jdbc:oracle:...";
  private static final String POSTGRES_ALLOWED =
      "a PostgreSQL JDBC URL, jdbc:postgresql://host:port/database";

  private final ClassLoader classLoader;
  private final List<ConfigurationProblem> problems = new ArrayList<>();
  private final Map<String, Entry> entries = new HashMap<>();
  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, ConfigSource> sources = new LinkedHashMap<>();

  ConfigResolver(ClassLoader classLoader) {
    this.classLoader = classLoader;
  }

  LedgerkitConfig resolve(
      List<FileLayer> files, Map<String, String> environment, Map<String, String> code) {
    for (FileLayer file : files) {
      Map<String, String> props = file.properties() != null ? file.properties() : read(file);
      if (props != null) {
        layer(props, ConfigSource.FILE, file.origin());
      }
    }
    environment(environment);
    layer(code, ConfigSource.CODE, "code");

    DatabaseConfig database = database();
    SchemasConfig schemas = schemas();
    BalanceConfig balance = balance(database);
    if (!problems.isEmpty()) {
      throw new InvalidConfigurationException(problems);
    }
    return new LedgerkitConfig(database, schemas, balance, values, sources);
  }

  // ---------------------------------------------------------------- layers

  private Map<String, String> read(FileLayer file) {
    Path path = file.path();
    if (!Files.isRegularFile(path)) {
      if (!file.optional()) {
        problems.add(
            new ConfigurationProblem(
                "properties file",
                path.toString(),
                "absolute path " + path.toAbsolutePath(),
                "an existing, readable properties file"));
      }
      return null;
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      problems.add(
          new ConfigurationProblem(
              "properties file",
              path.toString(),
              "absolute path " + path.toAbsolutePath(),
              "a readable UTF-8 properties file (" + e.getMessage() + ")"));
      return null;
    }
    Map<String, String> map = new TreeMap<>();
    properties.stringPropertyNames().forEach(k -> map.put(k, properties.getProperty(k)));
    return map;
  }

  private void layer(Map<String, String> raw, ConfigSource source, String origin) {
    raw.forEach(
        (rawKey, value) -> {
          String key = rawKey.trim();
          Optional<String> canonical = ConfigKeys.canonicalKey(key);
          if (canonical.isEmpty()) {
            unknown(key, value, origin, ConfigKeys.keys());
          } else {
            put(canonical.get(), key, value, source, origin);
          }
        });
  }

  private void environment(Map<String, String> environment) {
    new TreeMap<>(environment)
        .forEach(
            (name, value) -> {
              if (!name.startsWith(ConfigKeys.ENVIRONMENT_PREFIX)
                  || ConfigKeys.isReservedEnvironmentName(name)) {
                return;
              }
              String origin = "environment variable " + name;
              Optional<String> key = ConfigKeys.keyForEnvironmentName(name);
              if (key.isEmpty()) {
                List<String> names =
                    ConfigKeys.keys().stream().map(ConfigKeys::environmentName).toList();
                unknown(name, value, origin, names);
              } else {
                put(key.get(), key.get(), value, ConfigSource.ENVIRONMENT, origin);
              }
            });
  }

  private void put(String key, String rawKey, String value, ConfigSource source, String origin) {
    String v = value;
    if (v != null && !ConfigKeys.isSecret(key)) {
      v = v.trim();
      if (v.isEmpty()) {
        v = null;
      }
    }
    entries.put(key, new Entry(rawKey, v, source, origin));
  }

  private void unknown(String key, String value, String origin, List<String> known) {
    String lower = key.toLowerCase(Locale.ROOT);
    String nearest = null;
    int best = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(lower, k.toLowerCase(Locale.ROOT));
      if (d < best) {
        best = d;
        nearest = k;
      }
    }
    boolean close = nearest != null && best <= Math.max(2, key.length() / 4);
    // A misspelt password key still holds a password: mask by name and by the key it resembles.
    boolean secret =
        (close && nearest.toLowerCase(Locale.ROOT).contains("password"))
            || lower.contains("pass")
            || lower.contains("pasw")
            || lower.contains("pwd")
            || lower.contains("secret")
            || lower.contains("token")
            || lower.contains("credential");
    String allowed =
        close
            ? "unknown key; did you mean " + nearest + "?"
            : "unknown key; allowed keys: "
                + String.join(", ", known)
                + (known.get(0).startsWith(ConfigKeys.ENVIRONMENT_PREFIX)
                    ? ", LEDGERKIT_SCHEMAS_<FAMILY>_TABLE_PREFIX,"
                        + " LEDGERKIT_SCHEMAS_<FAMILY>_DATABASE_SCHEMA"
                    : ", schemas.<family>.tablePrefix, schemas.<family>.databaseSchema");
    problems.add(
        new ConfigurationProblem(
            key, secret ? Masking.maskSecret(value) : Masking.mask(value), origin, allowed));
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  // ---------------------------------------------------------------- values

  /**
   * The parsed value of a key: the entry's value when set and valid, else the default. An invalid
   * value is recorded as a problem (with the parser's message as what is allowed).
   */
  private <T> T value(String key, T defaultValue, Function<String, T> parser) {
    Entry entry = entries.get(key);
    T result = defaultValue;
    ConfigSource source = ConfigSource.DEFAULT;
    if (entry != null && entry.value() != null) {
      try {
        result = parser.apply(entry.value());
        source = entry.source();
      } catch (IllegalArgumentException e) {
        problems.add(problem(key, entry, e.getMessage()));
      }
    } else if (entry != null) {
      source = entry.source();
    }
    record(key, result, source);
    return result;
  }

  private void record(String key, Object value, ConfigSource source) {
    if (value != null) {
      values.put(
          key,
          value instanceof Enum<?> e
              ? e.name()
              : value instanceof java.time.Duration d ? durationText(d) : value.toString());
    } else {
      values.remove(key);
    }
    sources.put(key, source);
  }

  private boolean isSet(String key) {
    Entry entry = entries.get(key);
    return entry != null && entry.value() != null;
  }

  private static ConfigurationProblem problem(String key, Entry entry, String allowed) {
    String shownKey = entry.source() == ConfigSource.ENVIRONMENT ? key : entry.rawKey();
    return new ConfigurationProblem(
        shownKey, LedgerkitConfig.masked(key, entry.value()), entry.origin(), allowed);
  }

  private DatabaseConfig database() {
    String url =
        value(ConfigKeys.DATABASE_URL, DatabaseConfig.DEFAULT_URL, ConfigResolver::jdbcUrl);
    boolean h2 = DatabaseConfig.isH2(url);
    String user =
        value(ConfigKeys.DATABASE_USER, h2 ? DatabaseConfig.DEFAULT_H2_USER : null, s -> s);
    String password = value(ConfigKeys.DATABASE_PASSWORD, h2 ? "" : null, s -> s);
    String schema =
        value(
            ConfigKeys.DATABASE_SCHEMA,
            null,
            s -> {
              if (!SQL_IDENTIFIER.matcher(s).matches()) {
                throw new IllegalArgumentException(
                    "a plain SQL identifier: a letter or underscore, then letters, digits or"
                        + " underscores, at most 63 characters");
              }
              return s;
            });
    boolean runMigration = value(ConfigKeys.DATABASE_RUN_MIGRATION, false, ConfigResolver::bool);
    TransactionIsolation isolation =
        value(
            ConfigKeys.DATABASE_TRANSACTION_ISOLATION_LEVEL,
            TransactionIsolation.READ_COMMITTED,
            s -> enumValue(TransactionIsolation.class, s));
    int poolSize =
        value(
            ConfigKeys.DATABASE_POOL_MAXIMUM_SIZE,
            PoolConfig.DEFAULT_MAXIMUM_SIZE,
            ConfigResolver::positiveInt);
    return new DatabaseConfig(
        url, user, password, schema, runMigration, isolation, new PoolConfig(poolSize));
  }

  private SchemasConfig schemas() {
    SchemaVersionPolicy policy =
        value(
            ConfigKeys.SCHEMAS_VERSION_POLICY,
            SchemaVersionPolicy.ALL_OFFERED,
            s -> enumValue(SchemaVersionPolicy.class, s));
    TreeSet<String> familyKeys = new TreeSet<>();
    for (String key : entries.keySet()) {
      if (ConfigKeys.familyOf(key) != null) {
        familyKeys.add(key);
      }
    }
    Map<String, String[]> perFamily = new TreeMap<>();
    for (String key : familyKeys) {
      String family = ConfigKeys.familyOf(key);
      boolean prefix = ConfigKeys.isTablePrefix(key);
      String v =
          value(
              key,
              null,
              s -> {
                if (prefix) {
                  SchemaOptions.tablePrefix(s);
                } else {
                  SchemaOptions.databaseSchema(s);
                }
                return s;
              });
      if (prefix && v == null && entries.get(key).value() == null) {
        // Set but empty: explicitly no prefix, replacing a schema's default prefix.
        v = "";
      }
      String[] pair = perFamily.computeIfAbsent(family, f -> new String[2]);
      pair[prefix ? 1 : 0] = v;
    }
    Map<String, SchemaOptions> families = new TreeMap<>();
    perFamily.forEach(
        (family, pair) -> {
          if (pair[0] != null || pair[1] != null) {
            families.put(family, new SchemaOptions(pair[0], pair[1]));
          }
        });
    return new SchemasConfig(policy, families);
  }

  private BalanceConfig balance(DatabaseConfig database) {
    List<String> stores = storeNames();
    String store =
        value(
            ConfigKeys.BALANCE_STORE,
            BalanceConfig.MEMORY,
            s -> {
              String name = s.toLowerCase(Locale.ROOT);
              if (!stores.contains(name)) {
                throw new IllegalArgumentException(
                    "one of " + String.join(", ", stores) + " (a registered balance store)");
              }
              return name;
            });
    String redisUrl =
        value(
            ConfigKeys.BALANCE_REDIS_URL,
            null,
            s -> {
              RedisUrl.parse(s);
              return s;
            });
    String keyPrefix =
        value(
            ConfigKeys.BALANCE_REDIS_KEY_PREFIX,
            RedisBalanceConfig.DEFAULT_KEY_PREFIX,
            s -> {
              if (!KEY_PREFIX.matcher(s).matches()) {
                throw new IllegalArgumentException(
                    "1 to 100 characters without white space, '{' or '}' (braces would break the"
                        + " Redis Cluster hash tags of the keys)");
              }
              return s;
            });
    boolean explicitPostgresUrl = isSet(ConfigKeys.BALANCE_POSTGRES_URL);
    String inheritedUrl = database.isPostgres() ? database.url() : null;
    String postgresUrl =
        value(
            ConfigKeys.BALANCE_POSTGRES_URL,
            inheritedUrl,
            s -> {
              if (!DatabaseConfig.isPostgres(s) || s.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(POSTGRES_ALLOWED);
              }
              return s;
            });
    boolean inherit = !explicitPostgresUrl && inheritedUrl != null;
    String postgresUser =
        value(ConfigKeys.BALANCE_POSTGRES_USER, inherit ? database.user() : null, s -> s);
    String postgresPassword =
        value(ConfigKeys.BALANCE_POSTGRES_PASSWORD, inherit ? database.password() : null, s -> s);
    boolean autoBatch = value(ConfigKeys.BALANCE_AUTO_BATCH, false, ConfigResolver::bool);
    BalanceTimeoutsConfig d = BalanceTimeoutsConfig.DEFAULTS;
    BalanceTimeoutsConfig timeouts =
        new BalanceTimeoutsConfig(
            value(ConfigKeys.BALANCE_REDIS_CONNECT_TIMEOUT, d.redisConnectTimeout(), timeout(1)),
            value(ConfigKeys.BALANCE_REDIS_SOCKET_TIMEOUT, d.redisSocketTimeout(), timeout(1)),
            value(
                ConfigKeys.BALANCE_POSTGRES_CONNECTION_TIMEOUT,
                d.postgresConnectionTimeout(),
                timeout(250)),
            value(
                ConfigKeys.BALANCE_POSTGRES_CONNECT_TIMEOUT,
                d.postgresConnectTimeout(),
                timeout(1_000)),
            value(
                ConfigKeys.BALANCE_POSTGRES_STATEMENT_TIMEOUT,
                d.postgresStatementTimeout(),
                timeout(100)),
            value(
                ConfigKeys.BALANCE_AUTO_BATCH_MAX_QUEUE_TIME,
                d.autoBatchMaxQueueTime(),
                timeout(1)));

    HoldExpiryConfig holdExpiry =
        new HoldExpiryConfig(
            value(ConfigKeys.BALANCE_HOLDS_EXPIRY_ENABLED, true, ConfigResolver::bool),
            value(
                ConfigKeys.BALANCE_HOLDS_EXPIRY_INTERVAL,
                HoldExpiryConfig.DEFAULT_INTERVAL,
                duration(10, HOUR_MILLIS, "10 ms to 1 hour")),
            value(
                ConfigKeys.BALANCE_HOLDS_EXPIRY_BATCH_SIZE,
                HoldExpiryConfig.DEFAULT_BATCH_SIZE,
                s -> (int) boundedLong(s, 1, MAX_EXPIRY_BATCH, "an integer from 1 to 100000")));
    RetentionConfig retention =
        new RetentionConfig(
            value(
                ConfigKeys.BALANCE_RETENTION_OPERATIONS,
                Retention.DEFAULT_OPERATIONS,
                duration(1_000, MAX_RETENTION_MILLIS, "1 second to 3650 days")),
            value(
                ConfigKeys.BALANCE_RETENTION_JOURNAL_AGE,
                null,
                duration(1_000, MAX_RETENTION_MILLIS, "1 second to 3650 days")),
            value(
                ConfigKeys.BALANCE_RETENTION_JOURNAL_ENTRIES,
                null,
                s ->
                    boundedLong(
                        s,
                        0,
                        MAX_JOURNAL_ENTRIES,
                        "an integer from 0 (no count limit) to 1000000000; leave it unset for"
                            + " the store's default (10000 on memory and Redis, the whole journal"
                            + " on PostgreSQL)")));

    Entry storeEntry = entries.get(ConfigKeys.BALANCE_STORE);
    String why =
        storeEntry == null ? "default" : storeEntry.origin() + " sets " + ConfigKeys.BALANCE_STORE;
    if (BalanceConfig.REDIS.equals(store)
        && redisUrl == null
        && !isSet(ConfigKeys.BALANCE_REDIS_URL)) {
      problems.add(
          new ConfigurationProblem(
              ConfigKeys.BALANCE_REDIS_URL,
              null,
              why + "=redis",
              "required when balance.store=redis: " + RedisUrl.ALLOWED));
    }
    if (BalanceConfig.POSTGRES.equals(store)
        && postgresUrl == null
        && !isSet(ConfigKeys.BALANCE_POSTGRES_URL)) {
      problems.add(
          new ConfigurationProblem(
              ConfigKeys.BALANCE_POSTGRES_URL,
              null,
              why + "=postgres",
              "required when balance.store=postgres and database.url is not a PostgreSQL URL: "
                  + POSTGRES_ALLOWED));
    }
    return new BalanceConfig(
        store,
        new RedisBalanceConfig(redisUrl, keyPrefix),
        new PostgresBalanceConfig(postgresUrl, postgresUser, postgresPassword),
        autoBatch,
        timeouts,
        holdExpiry,
        retention);
  }

  private List<String> storeNames() {
    List<String> names =
        new ArrayList<>(List.of(BalanceConfig.MEMORY, BalanceConfig.REDIS, BalanceConfig.POSTGRES));
    for (BalanceTrackerProvider p : BalanceTrackerProvider.available(classLoader)) {
      String name = p.store().toLowerCase(Locale.ROOT);
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return names;
  }

  // ---------------------------------------------------------------- parsers

  private static String jdbcUrl(String s) {
    if (!JDBC_URL.matcher(s).matches()) {
      throw new IllegalArgumentException(JDBC_ALLOWED);
    }
    return s;
  }

  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

  /** A duration such as {@code 250ms}, {@code 2s} or {@code 1m}, at least {@code minMillis}. */
  private static Function<String, java.time.Duration> timeout(long minMillis) {
    return s -> {
      java.util.regex.Matcher m = DURATION.matcher(s.strip());
      long max = 600_000;
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        java.time.Duration d =
            switch (m.group(2)) {
              case "ms" -> java.time.Duration.ofMillis(n);
              case "s" -> java.time.Duration.ofSeconds(n);
              default -> java.time.Duration.ofMinutes(n);
            };
        if (d.toMillis() >= minMillis && d.toMillis() <= max) {
          return d;
        }
      }
      throw new IllegalArgumentException(
          "a duration of "
              + minMillis
              + " ms to 10 minutes written as <number>ms, <number>s or <number>m (e.g. 500ms, 2s)");
    };
  }

  private static final long HOUR_MILLIS = 3_600_000L;
  private static final long MAX_RETENTION_MILLIS = 3650L * 24 * HOUR_MILLIS;
  private static final long MAX_EXPIRY_BATCH = 100_000;
  private static final long MAX_JOURNAL_ENTRIES = 1_000_000_000L;
  private static final Pattern LONG_DURATION = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

  /**
   * A duration of {@code minMillis} to {@code maxMillis} written as {@code <number>ms|s|m|h|d}
   * (e.g. {@code 500ms}, {@code 1s}, {@code 24h}, {@code 7d}) or in ISO-8601 ({@code PT1S}, {@code
   * PT24H}, {@code P7D}), whole milliseconds.
   */
  private static Function<String, java.time.Duration> duration(
      long minMillis, long maxMillis, String range) {
    return s -> {
      String text = s.strip();
      java.time.Duration d = null;
      java.util.regex.Matcher m = LONG_DURATION.matcher(text);
      try {
        if (m.matches()) {
          long n = Long.parseLong(m.group(1));
          d =
              switch (m.group(2)) {
                case "ms" -> java.time.Duration.ofMillis(n);
                case "s" -> java.time.Duration.ofSeconds(n);
                case "m" -> java.time.Duration.ofMinutes(n);
                case "h" -> java.time.Duration.ofHours(n);
                default -> java.time.Duration.ofDays(n);
              };
        } else if (text.regionMatches(true, 0, "P", 0, 1)) {
          d = java.time.Duration.parse(text);
        }
      } catch (ArithmeticException | java.time.format.DateTimeParseException e) {
        d = null;
      }
      if (d != null
          && d.toNanos() % 1_000_000 == 0
          && d.toMillis() >= minMillis
          && d.toMillis() <= maxMillis) {
        return d;
      }
      throw new IllegalArgumentException(
          "a duration of "
              + range
              + ", written as <number>ms, <number>s, <number>m, <number>h or <number>d, or in"
              + " ISO-8601 (e.g. 500ms, 1s, 24h, PT1S, PT24H)");
    };
  }

  private static long boundedLong(String s, long min, long max, String allowed) {
    try {
      long n = Long.parseLong(s.strip().replace("_", ""));
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(allowed);
  }

  /**
   * Writes a duration as the keys take it: {@code 24h}, {@code 1m}, {@code 2s} or {@code 250ms}.
   */
  private static String durationText(java.time.Duration d) {
    long ms = d.toMillis();
    if (ms % HOUR_MILLIS == 0) {
      return ms / HOUR_MILLIS + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    return ms % 1_000 == 0 ? ms / 1_000 + "s" : ms + "ms";
  }

  private static boolean bool(String s) {
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("true or false");
  }

  private static int positiveInt(String s) {
    try {
      int n = Integer.parseInt(s);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("a positive integer (1 to " + Integer.MAX_VALUE + ")");
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String s) {
    String name = s.trim().replace('-', '_').replace(' ', '_').toUpperCase(Locale.ROOT);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    List<String> names = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name());
    }
    throw new IllegalArgumentException("one of " + String.join(", ", names));
  }
}
