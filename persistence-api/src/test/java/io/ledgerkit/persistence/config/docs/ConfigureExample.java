package io.ledgerkit.persistence.config.docs;

// tag::configure[]
import io.ledgerkit.persistence.config.LedgerkitConfig;
import java.nio.file.Path;
import java.util.Map;

// end::configure[]

/** The first example of docs/configuration.md, run by {@code ConfigurationDocsTest}. */
public final class ConfigureExample {

  /**
   * What the example ends with.
   *
   * @param config the built configuration
   * @param url the database URL read from it
   * @param safeToLog its masked text
   */
  public record Result(LedgerkitConfig config, String url, String safeToLog) {}

  private ConfigureExample() {}

  /**
   * Runs the example.
   *
   * @return what it built
   */
  public static Result run() {
    // tag::configure[]
    // The environment layer; without .environment(...) it is System.getenv().
    Map<String, String> environment = Map.of("LEDGERKIT_DATABASE_USER", "ledger");
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .propertiesFileIfExists(Path.of("ledgerkit.properties")) // file layer
            .environment(environment) // environment layer
            .runMigration(true) // code layer: wins over the environment and the file
            .load(); // validates everything at once
    String url = config.database().url();
    String safeToLog = config.toString(); // passwords and URL credentials are masked
    // end::configure[]
    return new Result(config, url, safeToLog);
  }
}
