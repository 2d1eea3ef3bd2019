package io.ledgerkit.persistence.balance.spi;

import io.ledgerkit.persistence.balance.AutoBatchListener;
import io.ledgerkit.persistence.balance.AutoBatchSettings;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.config.ConfigKeys;
import io.ledgerkit.persistence.config.ConfigSource;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Creates the {@link BalanceTracker} of one balance store from the configuration. Implementations
 * are found with {@link ServiceLoader}: a module registers its provider in {@code
 * META-INF/services/io.ledgerkit.persistence.balance.spi.BalanceTrackerProvider}, and {@code
 * balance.store} picks one by {@link #store()}. The in-memory store ({@code memory}) is registered
 * by {@code persistence-api}; {@code redis} and {@code postgres} come with {@code
 * io.ledgerkit:persistence-balance-redis} and {@code io.ledgerkit:persistence-balance-postgres}.
 *
 * <p>Implementations need a public no-argument constructor and should be cheap to construct: the
 * work happens in {@link #create(LedgerkitConfig)}.
 */
public interface BalanceTrackerProvider {

  /**
   * The store's name, the value of {@code balance.store} that selects it, in lower case.
   *
   * @return for example {@code "memory"}
   */
  String store();

  /**
   * Creates a tracker from the configuration ({@code config.balance()} and, where the store shares
   * it, {@code config.database()}). The caller owns the tracker and closes it; the caller also
   * applies {@code balance.autoBatch}, so providers return the plain tracker.
   *
   * @param config the validated configuration
   * @return a new tracker
   * @throws BalanceStoreUnavailableException when the store cannot be reached
   */
  BalanceTracker create(LedgerkitConfig config);

  /**
   * How this store wants to be auto-batched: the settings {@code balance.autoBatch=true} gives the
   * {@link AutoBatchingBalanceTracker} around its tracker (an explicit {@code
   * balance.autoBatchMaxQueueTime} replaces the queue time). The default is {@link
   * AutoBatchSettings#DEFAULTS}; a store that serves several connections in parallel asks for more
   * batches in flight.
   *
   * @return the store's preferred settings
   */
  default AutoBatchSettings autoBatchSettings() {
    return AutoBatchSettings.DEFAULTS;
  }

  /**
   * The providers a class loader can see, one per store (a store registered twice by the same class
   * counts once).
   *
   * @param classLoader the class loader to search
   * @return the providers, in discovery order
   * @throws IllegalStateException when two different classes register the same store name
   */
  static List<BalanceTrackerProvider> available(ClassLoader classLoader) {
    return discover(classLoader, new ArrayList<>());
  }

  /**
   * The providers a class loader can see; each registration that fails to load adds its error to
   * {@code broken} instead of hiding the others.
   */
  private static List<BalanceTrackerProvider> discover(
      ClassLoader classLoader, List<String> broken) {
    Map<String, BalanceTrackerProvider> byStore = new LinkedHashMap<>();
    Iterator<BalanceTrackerProvider> it =
        ServiceLoader.load(BalanceTrackerProvider.class, classLoader).iterator();
    while (true) {
      BalanceTrackerProvider provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError e) {
        // A provider that cannot be loaded must not hide the others; it is named when a store is
        // not found, since it may be the one asked for.
        broken.add(e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
        if (broken.size() > 100) {
          break;
        }
        continue;
      }
      String store = provider.store().toLowerCase(Locale.ROOT);
      BalanceTrackerProvider existing = byStore.putIfAbsent(store, provider);
      if (existing != null && existing.getClass() != provider.getClass()) {
        throw new IllegalStateException(
            "balance store '"
                + store
                + "' is registered twice, by "
                + existing.getClass().getName()
                + " and "
                + provider.getClass().getName()
                + "; remove one of them from the classpath");
      }
    }
    return List.copyOf(byStore.values());
  }

  /**
   * Finds the provider of a store.
   *
   * @param store the store's name, as in {@code balance.store} (case-insensitive)
   * @param classLoader the class loader to search
   * @return the provider
   * @throws IllegalStateException naming the module to add when no provider of that store is on the
   *     classpath
   */
  static BalanceTrackerProvider forStore(String store, ClassLoader classLoader) {
    Objects.requireNonNull(store, "store");
    String name = store.trim().toLowerCase(Locale.ROOT);
    List<String> broken = new ArrayList<>();
    List<BalanceTrackerProvider> providers = discover(classLoader, broken);
    for (BalanceTrackerProvider p : providers) {
      if (p.store().toLowerCase(Locale.ROOT).equals(name)) {
        return p;
      }
    }
    List<String> found = providers.stream().map(BalanceTrackerProvider::store).toList();
    String module =
        switch (name) {
          case "redis" -> "io.ledgerkit:persistence-balance-redis";
          case "postgres" -> "io.ledgerkit:persistence-balance-postgres";
          case "memory" -> "io.ledgerkit:persistence-api";
          default -> null;
        };
    String fix =
        module != null
            ? "add the dependency " + module + " to the application"
            : "add the module that registers a BalanceTrackerProvider for '"
                + name
                + "' in META-INF/services/"
                + BalanceTrackerProvider.class.getName();
    throw new IllegalStateException(
        "no balance store '"
            + name
            + "' on the classpath (balance.store="
            + store
            + "); "
            + fix
            + ". Stores found: "
            + (found.isEmpty() ? "none" : String.join(", ", found))
            + (broken.isEmpty()
                ? ""
                : ". "
                    + broken.size()
                    + " registered provider(s) failed to load, which may be the one asked for;"
                    + " fix them first: "
                    + String.join("; ", broken)));
  }

  /**
   * Creates the tracker the configuration asks for: finds the provider of {@code balance.store},
   * creates its tracker and, when {@code balance.autoBatch=true}, wraps it in an {@link
   * AutoBatchingBalanceTracker} with the provider's {@link #autoBatchSettings()} (an explicit
   * {@code balance.autoBatchMaxQueueTime} wins over the provider's queue time); closing the wrapper
   * closes the tracker.
   *
   * @param config the configuration
   * @param classLoader the class loader to search for providers
   * @return a new tracker, owned by the caller
   * @throws IllegalStateException naming the module to add when the store is not on the classpath
   * @throws BalanceStoreUnavailableException when the store cannot be reached
   */
  static BalanceTracker createTracker(LedgerkitConfig config, ClassLoader classLoader) {
    return createTracker(config, classLoader, AutoBatchListener.NONE);
  }

  /**
   * Creates the tracker the configuration asks for, as {@link #createTracker(LedgerkitConfig,
   * ClassLoader)} does, with a listener on the auto-batching wrapper (used only when {@code
   * balance.autoBatch=true}).
   *
   * @param config the configuration
   * @param classLoader the class loader to search for providers
   * @param autoBatchListener told of the wrapper's dispatches and queue waits ({@link
   *     AutoBatchListener#NONE} for none)
   * @return a new tracker, owned by the caller
   * @throws IllegalStateException naming the module to add when the store is not on the classpath
   * @throws BalanceStoreUnavailableException when the store cannot be reached
   */
  static BalanceTracker createTracker(
      LedgerkitConfig config, ClassLoader classLoader, AutoBatchListener autoBatchListener) {
    Objects.requireNonNull(autoBatchListener, "autoBatchListener");
    BalanceTrackerProvider provider = forStore(config.balance().store(), classLoader);
    BalanceTracker tracker = provider.create(config);
    if (!config.balance().autoBatch()) {
      return tracker;
    }
    AutoBatchSettings settings;
    try {
      settings = autoBatchSettingsOf(provider, config);
    } catch (RuntimeException e) {
      tracker.close();
      throw e;
    }
    return AutoBatchingBalanceTracker.configure(tracker)
        .settings(settings)
        .listener(autoBatchListener)
        .start();
  }

  /**
   * The auto-batch settings {@code balance.autoBatch=true} applies for a provider: its {@link
   * #autoBatchSettings()}, with the queue time of {@code balance.autoBatchMaxQueueTime} when that
   * key is set.
   *
   * @param provider the store's provider
   * @param config the configuration
   * @return the settings
   * @throws IllegalStateException when the provider returns null
   */
  private static AutoBatchSettings autoBatchSettingsOf(
      BalanceTrackerProvider provider, LedgerkitConfig config) {
    AutoBatchSettings preferred = provider.autoBatchSettings();
    if (preferred == null) {
      throw new IllegalStateException(
          "balance store '"
              + provider.store()
              + "' ("
              + provider.getClass().getName()
              + ") returned no auto-batch settings; it must return AutoBatchSettings.DEFAULTS"
              + " or its own");
    }
    if (config.source(ConfigKeys.BALANCE_AUTO_BATCH_MAX_QUEUE_TIME) != ConfigSource.DEFAULT) {
      return preferred.withMaxQueueTime(config.balance().timeouts().autoBatchMaxQueueTime());
    }
    return preferred;
  }

  /**
   * Finds the provider of a store with the thread's context class loader (or this interface's).
   *
   * @param store the store's name
   * @return the provider
   * @throws IllegalStateException naming the module to add when the store is not on the classpath
   */
  static BalanceTrackerProvider forStore(String store) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return forStore(store, loader != null ? loader : BalanceTrackerProvider.class.getClassLoader());
  }
}
