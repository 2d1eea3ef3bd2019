package io.ledgerkit.persistence.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceTracker;
import io.ledgerkit.persistence.balance.InMemoryBalanceTracker;
import io.ledgerkit.persistence.balance.JournalEntry;
import io.ledgerkit.persistence.balance.JournalKind;
import io.ledgerkit.persistence.cli.CliRun;
import io.ledgerkit.persistence.cli.FlatJson;
import io.ledgerkit.persistence.cli.LedgerkitCli;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code ledgerkit bench balances --identified} and {@code --compare-identified} on the in-memory
 * store, run in-process with short durations.
 */
class BenchIdentifiedTest {

  @Test
  void identifiedPreparesAreCountedWithTheirCommit() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--identified",
            "--threads",
            "2",
            "--duration",
            "300ms",
            "--warmup",
            "0s",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Object> json = FlatJson.parse(run.out());
    assertThat(json.get("identified")).isEqualTo(true);
    assertThat(json.get("workload")).isEqualTo("prepare");
    assertThat(number(json, "callsPerOperation")).isEqualTo(2);
    assertThat(number(json, "operations")).isPositive();
    assertThat(number(json, "errors")).isZero();
    assertThat(run.err()).isEmpty();
  }

  @Test
  void unidentifiedStaysTheDefault() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--workload",
            "packet",
            "--duration",
            "200ms",
            "--warmup",
            "0s",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Object> json = FlatJson.parse(run.out());
    assertThat(json.get("identified")).isEqualTo(false);
    assertThat(number(json, "callsPerOperation")).isEqualTo(2);
  }

  @Test
  void identifiedPacketsInBatchesCountItemsAndSayWhatACallIs() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--identified",
            "--workload",
            "packet",
            "--batch",
            "8",
            "--threads",
            "2",
            "--duration",
            "300ms",
            "--warmup",
            "0s",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Map<String, Object> json = FlatJson.parse(run.out());
    assertThat(number(json, "callsPerOperation")).isEqualTo(3);
    assertThat(number(json, "operations")).isPositive();
    assertThat(number(json, "operations") % 8).isZero();
    assertThat(number(json, "errors")).isZero();

    CliRun text =
        CliRun.of(
            "bench",
            "balances",
            "--identified",
            "--workload",
            "packet",
            "--threads",
            "1",
            "--duration",
            "200ms",
            "--warmup",
            "0s");
    assertThat(text.exitCode()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("workload packet, 1 threads")
        .contains(", identified")
        .contains("per packet (one prepare + fulfill + commit call, with ids)");
  }

  @Test
  void anIdentifiedPacketIsAPrepareFulfillAndCommitWithOneIdAndLeavesNoHold() throws Exception {
    // The whole journal is kept, so the entries of the first packets are all there.
    try (InMemoryBalanceTracker tracker =
        InMemoryBalanceTracker.configure()
            .retention(io.ledgerkit.persistence.balance.Retention.unboundedJournal())
            .start()) {
      BalanceBench.Config config =
          new BalanceBench.Config(
              "memory",
              1,
              2,
              Duration.ofMillis(200),
              Duration.ZERO,
              1,
              false,
              Workload.PACKET,
              true);
      BenchResult result = new BalanceBench(tracker, config).run(BalanceBench.SILENT);

      assertThat(result.operations()).isPositive();
      assertThat(tracker.holds(null, 100).holds()).as("holds left held").isEmpty();
      List<JournalEntry> a = tracker.journal(AccountId.of("bench-0"), 1, 10_000);
      List<JournalEntry> b = tracker.journal(AccountId.of("bench-1"), 1, 10_000);
      List<JournalEntry> all = new java.util.ArrayList<>(a);
      all.addAll(b);
      assertThat(all).isNotEmpty();
      assertThat(all).allSatisfy(e -> assertThat(e.reference()).as(e.toString()).isNotNull());
      // The packet's id is used on both accounts: a prepare and commit here, a fulfill there.
      JournalEntry prepare =
          all.stream().filter(e -> e.kind() == JournalKind.PREPARE).findFirst().orElseThrow();
      assertThat(all)
          .filteredOn(e -> e.reference().equals(prepare.reference()))
          .extracting(JournalEntry::kind)
          .containsExactlyInAnyOrder(JournalKind.PREPARE, JournalKind.COMMIT, JournalKind.FULFILL);
      assertThat(tracker.hold(holdOf(prepare)))
          .hasValueSatisfying(h -> assertThat(h.expiresAt()).isNotNull());
    }
  }

  @Test
  void compareIdentifiedInterleavesRoundsAndPrintsBothRatesAndTheRatio() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--compare-identified",
            "--rounds",
            "2",
            "--workload",
            "packet",
            "--threads",
            "2",
            "--duration",
            "200ms",
            "--warmup",
            "0s",
            "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out().strip()).doesNotContain("\n");
    Map<String, Object> json = FlatJson.parse(run.out());
    assertThat(number(json, "rounds")).isEqualTo(2);
    assertThat(json.get("workload")).isEqualTo("packet");
    long u = number(json, "unidentifiedOperations");
    long i = number(json, "identifiedOperations");
    assertThat(u).isPositive();
    assertThat(i).isPositive();
    // Two rounds of 200 ms per mode.
    assertThat(decimal(json, "unidentifiedSeconds")).isGreaterThanOrEqualTo(0.4);
    assertThat(decimal(json, "identifiedSeconds")).isGreaterThanOrEqualTo(0.4);
    assertThat(number(json, "unidentifiedCallsPerOperation")).isEqualTo(2);
    assertThat(number(json, "identifiedCallsPerOperation")).isEqualTo(3);
    double uRate = decimal(json, "unidentifiedOpsPerSecond");
    double iRate = decimal(json, "identifiedOpsPerSecond");
    assertThat(uRate).isCloseTo(u / decimal(json, "unidentifiedSeconds"), within(uRate * 0.01));
    assertThat(decimal(json, "ratio")).isCloseTo(iRate / uRate, within(0.002));
    assertThat(number(json, "errors")).isZero();
    assertThat(decimal(json, "identifiedP50Micros"))
        .isPositive()
        .isLessThanOrEqualTo(decimal(json, "identifiedP99Micros"));
  }

  @Test
  void compareIdentifiedTextAlternatesTheOrderOfTheModes() {
    CliRun run =
        CliRun.of(
            "bench",
            "balances",
            "--compare-identified",
            "--rounds",
            "2",
            "--threads",
            "1",
            "--duration",
            "100ms",
            "--warmup",
            "50ms");

    assertThat(run.exitCode()).as(run.err()).isZero();
    List<String> rounds = run.out().lines().filter(l -> l.startsWith("round ")).toList();
    assertThat(rounds).hasSize(4);
    assertThat(rounds.get(0)).startsWith("round 1  unidentified");
    assertThat(rounds.get(1)).startsWith("round 2  identified");
    assertThat(rounds.get(2)).startsWith("round 3  identified");
    assertThat(rounds.get(3)).startsWith("round 4  unidentified");
    assertThat(run.out())
        .contains("2 rounds of unidentified and identified, interleaved")
        .contains("ratio         identified / unidentified = ")
        .contains("an operation is 1 calls unidentified, 2 identified");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--identified --compare-identified|--identified and --compare-identified exclude each other",
        "--rounds 2|--rounds only applies with --compare-identified",
        "--compare-identified --rounds 0|--rounds must be between 1 and 100, was 0",
        "--compare-identified --rounds 101|--rounds must be between 1 and 100, was 101",
      })
  void badCombinationsAreUsageErrors(String options, String message) {
    List<String> args =
        new java.util.ArrayList<>(List.of("bench", "balances", "--duration", "1ms"));
    args.addAll(List.of(options.split(" ")));
    CliRun run = CliRun.of(args.toArray(String[]::new));

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_USAGE);
    assertThat(run.out()).isEmpty();
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).contains(message).contains("ledgerkit bench balances --help");
  }

  @Test
  void aTrackerWithoutExactlyOnceIsRefusedBeforeAnyThreadStarts() {
    try (InMemoryBalanceTracker real = InMemoryBalanceTracker.configure().start()) {
      BalanceTracker legacy = legacy(real);
      BalanceBench.Config config =
          new BalanceBench.Config(
              "legacy",
              1,
              2,
              Duration.ofMillis(50),
              Duration.ZERO,
              1,
              false,
              Workload.PACKET,
              true);

      assertThatThrownBy(() -> new BalanceBench(legacy, config).run(BalanceBench.SILENT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("the legacy store's tracker does not support identified operations")
          .hasMessageContaining("run without --identified and --compare-identified");
      assertThatThrownBy(() -> new IdentifiedComparison(legacy, config, 1).run(BalanceBench.SILENT))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("does not support identified operations");
      // Nothing ran: no journal entry on any account.
      assertThat(real.journal(AccountId.of("bench-0"), 1, 10)).isEmpty();
    }
  }

  @Test
  void theCliPrintsTheRefusalAsOneErrorLineWithExitCode1() {
    CliRun run =
        CliRun.of(cl -> cl.addSubcommand("legacy-bench", new LegacyBench()), "legacy-bench");

    assertThat(run.exitCode()).isEqualTo(LedgerkitCli.EXIT_FAILURE);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err())
        .startsWith("ledgerkit: error: the legacy store's tracker does not support identified")
        .contains("run without --identified");
  }

  /** Runs the bench's check on a tracker without exactly-once support, as the command would. */
  @CommandLine.Command(name = "legacy-bench")
  static final class LegacyBench implements Callable<Integer> {
    @Override
    public Integer call() {
      try (InMemoryBalanceTracker real = InMemoryBalanceTracker.configure().start()) {
        BalanceBench.requireExactlyOnce(legacy(real), "legacy", AccountId.of("bench-0"));
      }
      return 0;
    }
  }

  /**
   * The in-memory tracker seen through the SPI's abstract methods only: the exactly-once methods
   * are the interface's defaults, which throw {@link UnsupportedOperationException}, as on a
   * tracker written before them.
   */
  private static BalanceTracker legacy(InMemoryBalanceTracker real) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (BalanceTracker)
        Proxy.newProxyInstance(
            BalanceTracker.class.getClassLoader(), new Class<?>[] {BalanceTracker.class}, handler);
  }

  private static io.ledgerkit.persistence.balance.HoldRef holdOf(JournalEntry e) {
    return io.ledgerkit.persistence.balance.HoldRef.of(
        e.account(), io.ledgerkit.persistence.balance.OperationId.of(e.reference()));
  }

  private static long number(Map<String, Object> json, String key) {
    return ((BigDecimal) json.get(key)).longValueExact();
  }

  private static double decimal(Map<String, Object> json, String key) {
    return ((BigDecimal) json.get(key)).doubleValue();
  }
}
