package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import java.util.List;
import java.util.Locale;

/**
 * Opens the balance store a {@code bench balances} run drives, by name. Each store is one case of
 * the switch in {@link #open(String, String, String)} and one entry in {@link #NAMES}; a store's
 * own code lives in its own file (for example {@code RedisBenchStore}, {@code PostgresBenchStore}).
 */
final class BenchStores {

  /** The store names {@code --store} accepts, in the order shown to users. */
  static final List<String> NAMES = List.of("memory", "redis", "postgres");

  private BenchStores() {}

  /**
   * Opens a tracker on the named store. Closing the tracker releases what was opened.
   *
   * @param store the store name, one of {@link #NAMES} (case-insensitive)
   * @param url the store's URL from {@code --url}, or {@code null} when not given
   * @param keyPrefix the redis store's key prefix from {@code --key-prefix}, or {@code null} for
   *     the default
   * @return a tracker ready for the benchmark
   * @throws IllegalArgumentException naming the value when the store is unknown or needs a URL that
   *     was not given; nothing is opened then
   */
  static BalanceTracker open(String store, String url, String keyPrefix) {
    String name = store.strip().toLowerCase(Locale.ROOT);
    switch (name) {
      case "memory":
        if (url != null) {
          throw new IllegalArgumentException(
              "--store memory takes no --url (got '"
                  + url
                  + "'); drop --url or choose another store");
        }
        return InMemoryBalanceTracker.configure().start();
      case "redis":
        return RedisBenchStore.open(
            url, keyPrefix == null ? RedisBenchStore.KEY_PREFIX : keyPrefix);
      case "postgres":
        return PostgresBenchStore.open(url);
      default:
        throw new IllegalArgumentException(
            "unknown store '" + store + "'; use one of " + String.join(", ", NAMES));
    }
  }

  /**
   * Returns the URL, or fails with a message that shows an example when it was not given.
   *
   * @param store the store that needs it
   * @param url the {@code --url} value, may be {@code null}
   * @param example an example URL for the message
   * @return the URL, stripped
   * @throws IllegalArgumentException when the URL is missing or blank
   */
  static String requireUrl(String store, String url, String example) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(
          "--store " + store + " needs --url, for example --url " + example);
    }
    return url.strip();
  }
}
