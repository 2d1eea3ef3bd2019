package io.ledgerkit.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code bench balances} on the real stores (Redis and PostgreSQL resolved by the testkit), and the
 * errors of a store that is missing its URL or cannot be reached.
 */
class BenchStoresTest {

  @RegisterExtension static final TestRedisExtension redis = TestRedisExtension.standalone();

  @RegisterExtension static final TestDatabaseExtension postgres = TestDatabaseExtension.postgres();

  @Test
  void storesThatNeedAUrlSayWhichAndShowAnExample() {
    CliRun r = CliRun.of("bench", "balances", "--store", "redis", "--duration", "1ms");
    CliRun p = CliRun.of("bench", "balances", "--store", "postgres", "--duration", "1ms");

    assertThat(r.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE);
    assertThat(r.err()).contains("--store redis needs --url, for example --url redis://");
    assertThat(p.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE);
    assertThat(p.err())
        .contains("--store postgres needs --url, for example --url jdbc:postgresql:");
  }

  @Test
  void unreachableStoreIsAnOperationalFailureOnOneLine() {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--store",
            "redis",
            "--url",
            "redis://127.0.0.1:1",
            "--duration",
            "1s",
            "--json");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_FAILURE);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith("ledgerkit: error: ").contains("127.0.0.1:1");
  }

  @Test
  void redisBenchPrintsConsistentJson() {
    TestRedis r = redis.redis();
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--store",
            "redis",
            "--url",
            r.uri().toString(),
            "--key-prefix",
            r.keyPrefix() + "bench:",
            "--threads",
            "4",
            "--accounts",
            "20",
            "--workload",
            "packet",
            "--duration",
            "300ms",
            "--warmup",
            "100ms",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Object> json = FlatJson.parse(run.out());
    assertThat(json.get("store")).isEqualTo("redis");
    assertPositiveAndOrdered(json);
    // The accounts went under the test's own prefix (removed by the extension), not under the
    // shared ledgerkit:bench: of the server.
    try (redis.clients.jedis.Jedis jedis = new redis.clients.jedis.Jedis(r.uri(), 2000)) {
      assertThat(jedis.keys(r.keyPrefix() + "bench:*")).isNotEmpty();
    }
  }

  @Test
  void postgresBenchWithAutoBatchPrintsConsistentJson() {
    TestDatabase d = postgres.database();
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--store",
            "postgres",
            "--url",
            withCredentials(d),
            "--threads",
            "4",
            "--accounts",
            "20",
            "--auto-batch",
            "--batches-in-flight",
            "2",
            "--duration",
            "300ms",
            "--warmup",
            "100ms",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Object> json = FlatJson.parse(run.out());
    assertThat(json.get("store")).isEqualTo("postgres");
    assertThat(json.get("autoBatch")).isEqualTo(true);
    assertThat(((BigDecimal) json.get("batchesInFlight")).intValueExact()).isEqualTo(2);
    assertPositiveAndOrdered(json);
  }

  private static void assertPositiveAndOrdered(Map<String, Object> json) {
    assertThat(((BigDecimal) json.get("operations")).longValueExact()).isPositive();
    assertThat(((BigDecimal) json.get("errors")).longValueExact()).isZero();
    BigDecimal p50 = (BigDecimal) json.get("p50Micros");
    BigDecimal p99 = (BigDecimal) json.get("p99Micros");
    BigDecimal p999 = (BigDecimal) json.get("p999Micros");
    assertThat(p50.signum()).isPositive();
    assertThat(p50).isLessThanOrEqualTo(p99);
    assertThat(p99).isLessThanOrEqualTo(p999);
  }

  /** The bench takes credentials as URL parameters, as a user would type them. */
  private static String withCredentials(TestDatabase d) {
    String url = d.jdbcUrl();
    StringBuilder b = new StringBuilder(url);
    char sep = url.contains("?") ? '&' : '?';
    if (!url.contains("user=") && d.user() != null) {
      b.append(sep).append("user=").append(URLEncoder.encode(d.user(), StandardCharsets.UTF_8));
      sep = '&';
    }
    if (!url.contains("password=") && d.password() != null && !d.password().isEmpty()) {
      b.append(sep)
          .append("password=")
          .append(URLEncoder.encode(d.password(), StandardCharsets.UTF_8));
    }
    return b.toString();
  }
}
