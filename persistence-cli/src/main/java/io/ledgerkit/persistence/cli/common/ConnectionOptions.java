package io.ledgerkit.persistence.cli.common;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.config.ConfigKeys;
import io.ledgerkit.persistence.config.DatabaseConfig;
import io.ledgerkit.persistence.config.InvalidConfigurationException;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The database connection shared by the migration commands and {@code bench vault}: {@code
 * --url/--user/--password}, else {@code database.url/user/password} from {@code
 * ledgerkit.properties} (or {@code LEDGERKIT_DATABASE_*} environment variables), else the embedded
 * H2 file database {@code ./ledgerkit-data/ledgerkit}. Relative paths are resolved against {@code
 * --working-dir}.
 */
public final class ConnectionOptions {

  @Option(
      names = "--url",
      paramLabel = "JDBC_URL",
      description =
          "JDBC URL of the database (default: database.url of ledgerkit.properties, else the"
              + " embedded H2 file database ./ledgerkit-data/ledgerkit).")
  private String url;

  @Option(names = "--user", paramLabel = "USER", description = "Database user.")
  private String user;

  @Option(
      names = "--password",
      paramLabel = "PASSWORD",
      description = "Database password (never printed).")
  private String password;

  @Option(
      names = "--working-dir",
      paramLabel = "DIR",
      description =
          "Directory holding ledgerkit.properties, the default H2 database and generated files"
              + " (default: the current directory).")
  private Path workingDir;

  /** Creates the options (picocli fills them). */
  public ConnectionOptions() {}

  /**
   * The working directory: {@code --working-dir} or the current directory.
   *
   * @return the directory
   */
  public Path workingDir() {
    return workingDir == null ? Path.of("").toAbsolutePath() : workingDir.toAbsolutePath();
  }

  /**
   * The configuration: {@code ledgerkit.properties} of the working directory when it exists, the
   * environment, then the command-line options on top.
   *
   * @return the configuration
   */
  public LedgerkitConfig config() {
    if (url != null && url.isBlank()) {
      throw new IllegalArgumentException(
          "--url is empty; give a JDBC URL (for example --url jdbc:postgresql://127.0.0.1:5432/db)"
              + " or leave --url out for the embedded H2 database");
    }
    LedgerkitConfig.Builder b = LedgerkitConfig.configure();
    Path file = workingDir().resolve(ConfigKeys.DEFAULT_PROPERTIES_FILE);
    if (Files.isRegularFile(file)) {
      b.propertiesFile(file);
    }
    if (url != null) {
      b.databaseUrl(url);
    }
    if (user != null) {
      b.databaseUser(user);
    }
    if (password != null) {
      b.databasePassword(password);
    }
    return b.load();
  }

  /**
   * The configuration, with a bad {@code --url} or an invalid configuration reported as a usage
   * error (exit code {@value LedgerkitCli#EXIT_USAGE}).
   *
   * @param spec the command, for the usage error
   * @return the configuration
   * @throws ParameterException when the configuration is invalid; nothing was opened then
   */
  public LedgerkitConfig configOrUsageError(CommandSpec spec) {
    try {
      LedgerkitConfig config = config();
      config.database();
      return config;
    } catch (IllegalArgumentException | InvalidConfigurationException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, url);
    }
  }

  /**
   * The resolved connection.
   *
   * @return URL (relative H2 file paths made absolute against the working directory), user and
   *     password
   */
  public Resolved resolve() {
    return resolve(config());
  }

  /**
   * The resolved connection of a configuration.
   *
   * @param config the configuration
   * @return URL, user and password
   */
  public Resolved resolve(LedgerkitConfig config) {
    DatabaseConfig db = config.database();
    String jdbcUrl = db.url();
    for (String prefix : new String[] {"jdbc:h2:file:", "jdbc:h2:"}) {
      if (jdbcUrl.startsWith(prefix + "./")) {
        jdbcUrl = prefix + workingDir().resolve(jdbcUrl.substring(prefix.length() + 2)).normalize();
        if (!jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains(";TRACE_LEVEL_FILE=")) {
          // H2 would otherwise leave a ledgerkit.trace.db beside the database after the first
          // migration (it traces the statements Liquibase expects to fail).
          jdbcUrl = jdbcUrl + ";TRACE_LEVEL_FILE=0";
        }
        break;
      }
    }
    return new Resolved(jdbcUrl, db.user(), db.password());
  }

  /**
   * A resolved connection.
   *
   * @param url the JDBC URL
   * @param user the user, may be null
   * @param password the password, may be null; never printed
   */
  public record Resolved(String url, String user, String password) {
    /**
     * The URL with any credentials in it masked, for messages.
     *
     * @return the masked URL
     */
    public String maskedUrl() {
      return LedgerkitCli.maskCredentials(url).replace(";TRACE_LEVEL_FILE=0", "");
    }

    @Override
    public String toString() {
      return "Resolved[url=" + maskedUrl() + ", user=" + user + ", password=****]";
    }
  }
}
