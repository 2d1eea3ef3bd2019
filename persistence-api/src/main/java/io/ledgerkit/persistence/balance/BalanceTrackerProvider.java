package io.ledgerkit.persistence.balance;

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
 * META-INF/services/io.ledgerkit.persistence.balance.BalanceTrackerProvider}, and {@code
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
   * AutoBatchingBalanceTracker} (closing the wrapper closes the tracker).
   *
   * @param config the configuration
   * @param classLoader the class loader to search for providers
   * @return a new tracker, owned by the caller
   * @throws IllegalStateException naming the module to add when the store is not on the classpath
   * @throws BalanceStoreUnavailableException when the store cannot be reached
   */
  static BalanceTracker createTracker(LedgerkitConfig config, ClassLoader classLoader) {
    BalanceTracker tracker = forStore(config.balance().store(), classLoader).create(config);
    if (!config.balance().autoBatch()) {
      return tracker;
    }
    return AutoBatchingBalanceTracker.builder(tracker)
        .maxQueueTime(config.balance().timeouts().autoBatchMaxQueueTime())
        .build();
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
