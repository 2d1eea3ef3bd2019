package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.balance.BalanceTracker;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options that choose the balance store of a benchmark ({@code --store}, {@code --url}, {@code
 * --key-prefix}), shared by {@code bench balances} and {@code bench listing} as a picocli mixin.
 */
final class StoreOptions {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--store",
      paramLabel = "STORE",
      defaultValue = "memory",
      description = "Balance store: memory, redis or postgres (default: ${DEFAULT-VALUE}).")
  private String store;

  @Option(
      names = "--url",
      paramLabel = "URL",
      description =
          "Store URL, e.g. redis://127.0.0.1:6379, redis-cluster://host:port,... or"
              + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres; not for memory.")
  private String url;

  @Option(
      names = "--key-prefix",
      paramLabel = "PREFIX",
      description =
          "Key prefix of the redis store's accounts (default: "
              + RedisBenchStore.KEY_PREFIX
              + "); ignored by the other stores.")
  private String keyPrefix;

  /** Creates the options. */
  StoreOptions() {}

  /**
   * The store's name as {@link BenchStores} knows it.
   *
   * @return the {@code --store} value, stripped and in lower case
   */
  String name() {
    return store.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * Opens the chosen store; a bad value is a usage error naming it.
   *
   * @return the tracker, owning what it opened
   * @throws ParameterException when the store is unknown or needs a URL that was not given
   */
  BalanceTracker open() {
    try {
      return BenchStores.open(name(), url, keyPrefix);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, store);
    }
  }
}
