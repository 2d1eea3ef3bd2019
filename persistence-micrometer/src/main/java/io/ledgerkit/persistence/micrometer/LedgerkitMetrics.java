package io.ledgerkit.persistence.micrometer;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.ledgerkit.persistence.balance.AutoBatchListener;
import io.ledgerkit.persistence.balance.AutoBatchingBalanceTracker;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.micrometer.internal.AutoBatchMeters;
import io.ledgerkit.persistence.micrometer.internal.Distribution;
import io.ledgerkit.persistence.micrometer.internal.PostgresStore;
import io.ledgerkit.persistence.migrations.StartupResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Binds Ledgerkit to a Micrometer {@link MeterRegistry}. Immutable and thread-safe; build one per
 * registry and reuse it.
 *
 * <p>The whole of a {@link Ledgerkit} handle in one call:
 *
 * <pre>{@code
 * LedgerkitMetrics metrics = LedgerkitMetrics.configure(registry).tag("node", "n1").load();
 * try (Ledgerkit ledgerkit = metrics.start(Ledgerkit.configure(config))) {
 *   ledgerkit.balanceTracker().prepare(...); // recorded
 * }
 * }</pre>
 *
 * <p>That meters the balance tracker (and the hold-expiry scheduler's calls), the auto-batching
 * wrapper when {@code balance.autoBatch=true}, the database's HikariCP pool (through Hikari's own
 * {@link MicrometerMetricsTrackerFactory}), a PostgreSQL balance store's own pool, and the
 * migrations run or verified at start. The parts can be used alone: {@link
 * #instrument(BalanceTracker)}, {@link #autoBatchListener(String)}, {@link
 * #hikariMetricsTrackerFactory()}, {@link #bindPool(DataSource)}, {@link #bindMigration(String,
 * StartupResult)}. The meters are listed in {@code docs/metrics.md}.
 */
public final class LedgerkitMetrics {

  private final MeterRegistry registry;
  private final Tags tags;
  private final Distribution distribution;
  private final MetricsTrackerFactory hikari;

  private LedgerkitMetrics(Builder b) {
    this.registry = b.registry;
    this.tags = b.tags;
    this.distribution = new Distribution(b.percentiles, b.percentileHistogram);
    this.hikari = new MicrometerMetricsTrackerFactory(b.registry);
  }

  /**
   * Starts configuring a binding.
   *
   * @param registry the registry the meters go to
   * @return a builder
   */
  public static Builder configure(MeterRegistry registry) {
    return new Builder(registry);
  }

  /**
   * The registry this binding records into.
   *
   * @return the registry
   */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * The extra tags on every meter this binding registers (not on Hikari's, which take the
   * registry's common tags only).
   *
   * @return the tags
   */
  public Tags tags() {
    return tags;
  }

  /**
   * Wraps a tracker so that every call is recorded; the {@code store} tag is {@link
   * #storeOf(BalanceTracker)}.
   *
   * @param tracker the tracker (closing the wrapper closes it)
   * @return the metered tracker
   */
  public MeteredBalanceTracker instrument(BalanceTracker tracker) {
    return instrument(tracker, storeOf(tracker));
  }

  /**
   * Wraps a tracker so that every call is recorded, with the given {@code store} tag.
   *
   * @param tracker the tracker (closing the wrapper closes it)
   * @param store the {@code store} tag, e.g. {@code redis}
   * @return the metered tracker
   */
  public MeteredBalanceTracker instrument(BalanceTracker tracker, String store) {
    Objects.requireNonNull(tracker, "tracker");
    return new MeteredBalanceTracker(tracker, registry, storeTags(store), distribution);
  }

  /**
   * A listener for {@link AutoBatchingBalanceTracker.Builder#listener}: batch sizes, store time per
   * dispatch, queue waits and queue timeouts, per lane. Its meters are registered now.
   *
   * @param store the {@code store} tag
   * @return the listener
   */
  public AutoBatchListener autoBatchListener(String store) {
    return new AutoBatchMeters(registry, storeTags(store), distribution);
  }

  /**
   * HikariCP's own Micrometer tracker on this registry, for a pool you build ({@code
   * HikariConfig.setMetricsTrackerFactory}, {@code PersistenceDatabase.Builder}, {@code
   * PostgresBalanceTracker.Builder}, {@code Ledgerkit.Builder}). Its meters are Hikari's {@code
   * hikaricp.*}, tagged {@code pool} with the pool's name.
   *
   * @return the factory
   */
  public MetricsTrackerFactory hikariMetricsTrackerFactory() {
    return hikari;
  }

  /**
   * Binds a running HikariCP pool through Hikari's own tracker, when it has none yet (Hikari allows
   * setting it once on a running pool). Anything else is left alone.
   *
   * @param dataSource the data source
   * @return {@code true} when the pool was bound now
   */
  public boolean bindPool(DataSource dataSource) {
    if (dataSource instanceof HikariDataSource h
        && h.getMetricsTrackerFactory() == null
        && h.getMetricRegistry() == null) {
      h.setMetricsTrackerFactory(hikari);
      return true;
    }
    return false;
  }

  /**
   * Registers what a start-up migration step did: {@code ledgerkit.migrations.applied} (change sets
   * applied) and {@code ledgerkit.migrations.duration} (time of the migrate or verify), tagged
   * {@code database} and {@code mode} ({@code migrate} or {@code verify}).
   *
   * @param database the {@code database} tag: {@code main} for Ledgerkit's database, {@code
   *     balance} for a PostgreSQL balance store's tables
   * @param result what {@code SchemaMigration.startup()} returned
   */
  public void bindMigration(String database, StartupResult result) {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(result, "result");
    Tags t = tags.and("database", database, "mode", result.migrated() ? "migrate" : "verify");
    Gauge.builder("ledgerkit.migrations.applied", result, r -> r.applied().size())
        .description("Change sets the migration step at start applied (0 when it verified)")
        .baseUnit("changesets")
        .tags(t)
        .strongReference(true)
        .register(registry);
    TimeGauge.builder(
            "ledgerkit.migrations.duration",
            result,
            TimeUnit.NANOSECONDS,
            r -> r.duration().toNanos())
        .description("Time the migration step at start took to migrate or verify")
        .tags(t)
        .strongReference(true)
        .register(registry);
  }

  /**
   * Configures a {@link Ledgerkit} builder for metrics, starts it, and binds what only exists once
   * it runs: the database's pool (through {@link Ledgerkit.Builder#metricsTrackerFactory}), the
   * auto-batching listener (when {@code balance.autoBatch=true}), the metered tracker (so the
   * hold-expiry scheduler is recorded too), the migrations at start, and a PostgreSQL balance
   * store's own pool and migration. The {@code store} tag is {@code balance.store}.
   *
   * @param builder the builder, otherwise configured as the application needs
   * @return the running handle
   */
  public Ledgerkit start(Ledgerkit.Builder builder) {
    String store = builder.config().balance().store().toLowerCase(Locale.ROOT);
    builder.metricsTrackerFactory(hikari).decorateBalanceTracker(t -> instrument(t, store));
    if (builder.config().balance().autoBatch()) {
      builder.autoBatchListener(autoBatchListener(store));
    }
    Ledgerkit ledgerkit = builder.start();
    try {
      bind(ledgerkit);
    } catch (RuntimeException e) {
      ledgerkit.close();
      throw e;
    }
    return ledgerkit;
  }

  /**
   * Binds what a running {@link Ledgerkit} offers after the fact: its database's pool and a
   * PostgreSQL balance store's pool (when not bound yet), and the migrations at start. The balance
   * tracker itself is not metered this way: start the handle with {@link
   * #start(Ledgerkit.Builder)}, or wrap {@code balanceTracker()} with {@link
   * #instrument(BalanceTracker)} for your own calls.
   *
   * @param ledgerkit the running handle
   */
  public void bind(Ledgerkit ledgerkit) {
    bindPool(ledgerkit.dataSource());
    ledgerkit.database().migrationStartup().ifPresent(r -> bindMigration("main", r));
    BalanceTracker store = unwrap(ledgerkit.balanceTracker());
    if (PostgresStore.present(LedgerkitMetrics.class.getClassLoader())) {
      PostgresStore.dataSource(store).ifPresent(this::bindPool);
      PostgresStore.migration(store).ifPresent(r -> bindMigration("balance", r));
    }
  }

  /**
   * The {@code store} tag of a tracker: {@code memory}, {@code redis} or {@code postgres} for the
   * built-in ones (looking through metered and auto-batching wrappers), else the class's simple
   * name in lower case without a {@code BalanceTracker} suffix.
   *
   * @param tracker the tracker
   * @return the tag value
   */
  public static String storeOf(BalanceTracker tracker) {
    String name = unwrap(tracker).getClass().getSimpleName();
    switch (name) {
      case "InMemoryBalanceTracker":
        return "memory";
      case "RedisBalanceTracker":
        return "redis";
      case "PostgresBalanceTracker":
        return "postgres";
      default:
        String s = name.endsWith("BalanceTracker") ? name.substring(0, name.length() - 14) : name;
        return s.isEmpty() ? "custom" : s.toLowerCase(Locale.ROOT);
    }
  }

  private static BalanceTracker unwrap(BalanceTracker tracker) {
    BalanceTracker t = Objects.requireNonNull(tracker, "tracker");
    for (int i = 0; i < 16; i++) {
      if (t instanceof MeteredBalanceTracker m) {
        t = m.delegate();
      } else if (t instanceof AutoBatchingBalanceTracker a) {
        t = a.delegate();
      } else {
        break;
      }
    }
    return t;
  }

  private Tags storeTags(String store) {
    Objects.requireNonNull(store, "store");
    return tags.and("store", store);
  }

  @Override
  public String toString() {
    return "LedgerkitMetrics[" + registry.getClass().getSimpleName() + ", tags=" + tags + "]";
  }

  /** Configures a {@link LedgerkitMetrics}. */
  public static final class Builder {
    private final MeterRegistry registry;
    private Tags tags = Tags.empty();
    private double[] percentiles = {0.5, 0.95, 0.99};
    private boolean percentileHistogram;

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * Adds tags to every meter of the binding (Hikari's take the registry's common tags instead).
     *
     * @param tags the tags
     * @return this builder
     */
    public Builder tags(Iterable<Tag> tags) {
      this.tags = this.tags.and(Objects.requireNonNull(tags, "tags"));
      return this;
    }

    /**
     * Adds one tag to every meter of the binding.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder tag(String key, String value) {
      this.tags = this.tags.and(key, value);
      return this;
    }

    /**
     * The client-side percentiles the timers and the batch-size summary publish (default 0.5, 0.95
     * and 0.99); none for no percentile gauges.
     *
     * @param percentiles each in [0, 1]
     * @return this builder
     */
    public Builder percentiles(double... percentiles) {
      for (double p : percentiles) {
        if (!(p >= 0 && p <= 1)) {
          throw new IllegalArgumentException("percentile " + p + " is out of range; use 0 to 1");
        }
      }
      this.percentiles = percentiles.clone();
      return this;
    }

    /**
     * Whether the timers and the batch-size summary also publish a percentile histogram (default
     * {@code false}), which a backend such as Prometheus aggregates across instances.
     *
     * @param histogram {@code true} to publish it
     * @return this builder
     */
    public Builder percentileHistogram(boolean histogram) {
      this.percentileHistogram = histogram;
      return this;
    }

    /**
     * Builds the binding.
     *
     * @return the binding
     */
    public LedgerkitMetrics load() {
      return new LedgerkitMetrics(this);
    }
  }
}
