package io.ledgerkit.persistence.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.testkit.TestRedis;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The scale benchmarks: {@code bench balances --preload}, which creates every account before the
 * run, and {@code bench listing}, which pages through the held holds and pending settlements of a
 * filled store; on the in-memory store and on a real Redis (resolved by the testkit).
 */
class BenchScaleTest {

  @RegisterExtension static final TestRedisExtension redis = TestRedisExtension.standalone();

  @Test
  void preloadCreatesEveryAccountBeforeTheRun() {
    TestRedis r = redis.redis();
    String prefix = r.keyPrefix() + "preload:";
    // One thread for 20 ms touches a few hundred accounts at most; the preload all 3,000.
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--store",
            "redis",
            "--url",
            r.uri().toString(),
            "--key-prefix",
            prefix,
            "--threads",
            "1",
            "--accounts",
            "3000",
            "--preload",
            "--duration",
            "20ms",
            "--warmup",
            "0s",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Object> json = FlatJson.parse(run.out());
    assertThat(((BigDecimal) json.get("preloadSeconds")).signum()).isPositive();
    assertThat(accountHashes(r, prefix)).isEqualTo(3000);
  }

  @Test
  void preloadIsReportedInText() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--accounts",
            "700",
            "--preload",
            "--duration",
            "50ms",
            "--warmup",
            "0s");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("preload     700 accounts in ");
  }

  @Test
  void listingSeesEveryHoldAndSettlementOnceInMemory() {
    Map<String, Object> json = listing("--accounts", "1234", "--page", "100");

    assertExact(json, 1234, 13);
  }

  @Test
  void listingSeesEveryHoldAndSettlementOnceOnRedis() {
    TestRedis r = redis.redis();
    Map<String, Object> json =
        listing(
            "--store",
            "redis",
            "--url",
            r.uri().toString(),
            "--key-prefix",
            r.keyPrefix() + "listing:",
            "--accounts",
            "1500",
            "--page",
            "250");

    assertExact(json, 1500, 6);
  }

  @Test
  void listingRefusesBadValuesNamingThem() {
    CliRun run = CliRun.of("bench", "listing", "--page", "0");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE);
    assertThat(run.err()).contains("--page must be between 1 and 100000, was 0");
  }

  private static Map<String, Object> listing(String... options) {
    String[] args = new String[options.length + 3];
    args[0] = "bench";
    args[1] = "listing";
    System.arraycopy(options, 0, args, 2, options.length);
    args[args.length - 1] = "--json";
    CliRun run = CliRun.of(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return FlatJson.parse(run.out());
  }

  /** Every account of the run seen once in each listing, over at least {@code pages} pages. */
  private static void assertExact(Map<String, Object> json, int accounts, int pages) {
    for (String what : new String[] {"holds", "settlements"}) {
      assertThat(number(json, what + "Own")).as(what).isEqualTo(accounts);
      assertThat(number(json, what + "Missing")).as(what).isZero();
      assertThat(number(json, what + "Duplicates")).as(what).isZero();
      assertThat(number(json, what + "Listed")).as(what).isGreaterThanOrEqualTo(accounts);
      assertThat(number(json, what + "Pages")).as(what).isGreaterThanOrEqualTo(pages);
    }
  }

  private static long number(Map<String, Object> json, String key) {
    return ((BigDecimal) json.get(key)).longValueExact();
  }

  /** The account hashes under a prefix: keys {@code <prefix>{bench-N}} without a suffix. */
  private static long accountHashes(TestRedis r, String prefix) {
    long n = 0;
    try (Jedis jedis = new Jedis(r.uri(), 2000)) {
      ScanParams match = new ScanParams().match(prefix + "{bench-*}").count(1000);
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> page = jedis.scan(cursor, match);
        for (String key : page.getResult()) {
          if (jedis.type(key).equals("hash")) {
            n++;
          }
        }
        cursor = page.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    return n;
  }
}
