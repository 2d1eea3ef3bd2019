package io.ledgerkit.persistence.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.postgres.PostgresBalanceTracker;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.jpa.DefaultSchemaService;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link LedgerkitMetrics#start}: a whole Ledgerkit handle on H2 with the memory store, and on the
 * real PostgreSQL with the PostgreSQL store; and a PostgreSQL tracker's pool bound at construction.
 */
@DisplayName("LedgerkitMetrics on a Ledgerkit handle")
class LedgerkitBindingTest {
  @RegisterExtension static final TestDatabaseExtension POSTGRES = TestDatabaseExtension.postgres();

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Meters meters = new Meters(registry);
  private final LedgerkitMetrics metrics =
      LedgerkitMetrics.configure(registry).tag("node", "n1").load();

  private double applied(String database, String mode) {
    Gauge g =
        registry
            .find("ledgerkit.migrations.applied")
            .tags("database", database, "mode", mode)
            .gauge();
    assertThat(g)
        .as("ledgerkit.migrations.applied database=%s mode=%s", database, mode)
        .isNotNull();
    return g.value();
  }

  private double migrationMillis(String database) {
    TimeGauge g =
        registry.find("ledgerkit.migrations.duration").tags("database", database).timeGauge();
    assertThat(g).as("ledgerkit.migrations.duration database=%s", database).isNotNull();
    return g.value(TimeUnit.MILLISECONDS);
  }

  private Timer acquire(String poolPrefix) {
    return registry.find("hikaricp.connections.acquire").timers().stream()
        .filter(t -> t.getId().getTag("pool").startsWith(poolPrefix))
        .findFirst()
        .orElse(null);
  }

  @Test
  @DisplayName(
      "H2 and the memory store: pool, migrations (migrate, then verify), metered tracker,"
          + " auto-batch lanes, and the hold-expiry scheduler's releases")
  void h2AndMemory() throws Exception {
    String url = "jdbc:h2:mem:lk-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl(url)
            .runMigration(true)
            .balanceStore("memory")
            .autoBatch(true)
            .set("balance.holds.expiry.interval", "20ms")
            .load();
    try (Ledgerkit lk = metrics.start(Ledgerkit.configure(config))) {
      BalanceTracker t = lk.balanceTracker();
      assertThat(t).isInstanceOf(MeteredBalanceTracker.class);
      AccountId alice = AccountId.of("alice");
      t.fulfill(alice, 10, BalanceSettings.NONE);
      t.prepare(
          PrepareRequest.of(alice, 3)
              .withId(OperationId.random())
              .expiringAt(Instant.now().plusMillis(100)));
      await(() -> meters.counter("ledgerkit.balance.holds.expired") == 1);
      assertThat(meters.ops("expire_holds", "applied"))
          .as("the scheduler runs on the metered tracker")
          .isPositive();
      assertThat(meters.ops("fulfill", "applied")).isEqualTo(1);
      assertThat(meters.counter("ledgerkit.balance.holds.created")).isEqualTo(1);
      assertThat(
              registry
                  .find("ledgerkit.balance.autobatch.size")
                  .tags("store", "memory", "node", "n1", "operation", "fulfill")
                  .summary()
                  .count())
          .isEqualTo(1);
      assertThat(applied("main", "migrate")).isPositive();
      assertThat(migrationMillis("main")).isPositive();
      Timer acquire = acquire("ledgerkit-");
      assertThat(acquire).as("the database pool is bound through Hikari's tracker").isNotNull();
      lk.database().transaction(s -> s.createNativeQuery("select 1").getSingleResult());
      assertThat(acquire.count()).isPositive();
      assertThat(
              registry
                  .find("hikaricp.connections")
                  .tag("pool", acquire.getId().getTag("pool"))
                  .gauge())
          .isNotNull();
    }

    SimpleMeterRegistry second = new SimpleMeterRegistry();
    LedgerkitConfig verify =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl(url)
            .runMigration(false)
            .balanceStore("memory")
            .autoBatch(false)
            .load();
    try (Ledgerkit lk =
        LedgerkitMetrics.configure(second).load().start(Ledgerkit.configure(verify))) {
      Gauge g =
          second
              .find("ledgerkit.migrations.applied")
              .tags("database", "main", "mode", "verify")
              .gauge();
      assertThat(g.value()).isZero();
      assertThat(lk.balanceTracker()).isInstanceOf(MeteredBalanceTracker.class);
      assertThat(second.find("ledgerkit.balance.autobatch.size").meters())
          .as("no auto-batch meters without balance.autoBatch")
          .isEmpty();
    }
  }

  @Test
  @DisplayName(
      "the real PostgreSQL as database and balance store: both pools and both migrations bound")
  void postgres(TestDatabase db) {
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(Map.of())
            .databaseUrl(db.jdbcUrl())
            .databaseUser(db.user())
            .databasePassword(db.password())
            .runMigration(true)
            .balanceStore("postgres")
            .autoBatch(true)
            .load();
    try (Ledgerkit lk = metrics.start(Ledgerkit.configure(config))) {
      AccountId a = AccountId.of("pg");
      lk.balanceTracker().fulfill(a, 5, BalanceSettings.NONE);
      lk.balanceTracker().prepare(a, 2, 0);
      assertThat(
              registry
                  .find("ledgerkit.balance.operations")
                  .tags("store", "postgres", "operation", "fulfill", "outcome", "applied")
                  .counter()
                  .count())
          .isEqualTo(1);
      assertThat(meters.ops("prepare", "applied")).isEqualTo(1);
      assertThat(applied("main", "migrate")).isPositive();
      assertThat(applied("balance", "migrate")).isPositive();
      assertThat(migrationMillis("balance")).isPositive();
      Timer balancePool = acquire("ledgerkit-balance-postgres");
      assertThat(balancePool)
          .as("the balance store's own pool, bound after start through Hikari's tracker")
          .isNotNull();
      lk.balanceTracker().balance(a);
      assertThat(balancePool.count()).isPositive();
      assertThat(
              registry.find("hikaricp.connections.acquire").timers().stream()
                  .map(t -> t.getId().getTag("pool"))
                  .toList())
          .hasSize(2);
    }
  }

  @Test
  @DisplayName(
      "PostgresBalanceTracker.Builder.metricsTrackerFactory binds its pool at construction")
  void postgresTrackerPool(TestDatabase db) {
    PostgresBalanceTracker pg =
        PostgresBalanceTracker.configure()
            .url(db.jdbcUrl(), db.user(), db.password())
            .metricsTrackerFactory(metrics.hikariMetricsTrackerFactory())
            .runMigration(true)
            .start();
    metrics.bindMigration("balance", pg.migrationStartup());
    try (BalanceTracker t = metrics.instrument(pg)) {
      t.fulfill(AccountId.of("a"), 1, BalanceSettings.NONE);
      Timer acquire = acquire("ledgerkit-balance-postgres");
      assertThat(acquire).isNotNull();
      assertThat(acquire.count()).isPositive();
      assertThat(metrics.bindPool(pg.dataSource())).as("already bound").isFalse();
      assertThat(applied("balance", "migrate")).isPositive();
      assertThat(meters.ops("fulfill", "applied")).isEqualTo(1);
    }
  }

  @Test
  @DisplayName(
      "PersistenceDatabase.Builder.metricsTrackerFactory binds its own pool; migrationStartup is"
          + " readable")
  void persistenceDatabasePool() {
    try (PersistenceDatabase db =
        PersistenceDatabase.configure()
            .url("jdbc:h2:mem:pd-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")
            .schemaService(DefaultSchemaService.configure().load())
            .runMigration(true)
            .metricsTrackerFactory(metrics.hikariMetricsTrackerFactory())
            .start()) {
      metrics.bindMigration("main", db.migrationStartup().orElseThrow());
      Timer acquire = acquire("ledgerkit-persistence");
      assertThat(acquire).isNotNull();
      assertThat(acquire.count()).isPositive();
      assertThat(applied("main", "migrate")).isPositive();
      assertThat(metrics.bindPool(db.dataSource())).as("already bound").isFalse();
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(10);
    }
  }
}
