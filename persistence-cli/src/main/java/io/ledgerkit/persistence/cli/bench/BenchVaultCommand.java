package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.cli.common.ConnectionOptions;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import java.io.PrintWriter;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ledgerkit bench vault}: records states through the vault (one {@code vault_states} row and
 * two mapped objects per state, in transactions of {@code --batch} states) and reports states per
 * second; with {@code --baseline-jdbc} it also inserts the same rows with plain JDBC batches and
 * prints the ratio. After a warm-up of both paths, the two run interleaved, one transaction of each
 * in turn, so that both see the same JIT state, table sizes and machine load. The benchmark's
 * tables ({@link BenchVaultSchema}) carry the prefix {@code lkbench_} (created by migration on
 * first use) and are emptied before and after each run; {@code JdbcBaseline} is the plain JDBC
 * path.
 */
@Command(
    name = "vault",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Record states through the ORM vault (each with two mapped schemas) and report states/s;"
            + " --baseline-jdbc compares with plain JDBC batches into the same tables.")
final class BenchVaultCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ConnectionOptions connection;

  @Option(
      names = "--states",
      paramLabel = "N",
      description = "States to record (default: ${DEFAULT-VALUE}).")
  private int states = 20_000;

  @Option(
      names = "--batch",
      paramLabel = "N",
      description = "States per transaction (default: ${DEFAULT-VALUE}).")
  private int batch = 500;

  @Option(
      names = "--baseline-jdbc",
      description = "Also insert the same rows with plain JDBC batches and print the ratio.")
  private boolean baselineJdbc;

  @Option(
      names = "--query-curve",
      paramLabel = "SIZES",
      split = ",",
      description =
          "Instead of recording: grow the vault to each of these sizes (ascending, e.g."
              + " 10000,100000,1000000) and time the queries of unconsumed states at each.")
  private List<Integer> queryCurve;

  @Option(
      names = "--unconsumed",
      paramLabel = "N",
      description =
          "With --query-curve: unconsumed states of the queried class, the answer at every size"
              + " (default: ${DEFAULT-VALUE}).")
  private int unconsumed = 1_000;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description =
          "With --query-curve: timed calls of each query per size, after a warm-up of a tenth"
              + " (default: ${DEFAULT-VALUE}).")
  private int repeat = 100;

  @Option(names = "--json", description = "Print one JSON object instead of text.")
  private boolean json;

  /** Creates the command. */
  public BenchVaultCommand() {}

  /**
   * Runs the benchmark.
   *
   * @return the exit code
   */
  @Override
  public Integer call() {
    if (queryCurve != null) {
      return queryCurve();
    }
    for (String curveOnly : List.of("--unconsumed", "--repeat")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(curveOnly)) {
        throw new ParameterException(
            spec.commandLine(), curveOnly + " only applies with --query-curve; add --query-curve");
      }
    }
    BenchArgs.requireBetween(spec, "--states", states, 1, 10_000_000);
    BenchArgs.requireBetween(spec, "--batch", batch, 1, 100_000);
    ConnectionOptions.Resolved target = connection.resolve();
    Party owner = party("O=Bench Owner,L=London,C=GB");
    Party issuer = party("O=Bench Bank,L=London,C=GB");
    double ormSeconds;
    double jdbcSeconds = Double.NaN;
    try (PersistenceDatabase db = open(target, owner, issuer)) {
      // Warm both paths, then measure them interleaved transaction by transaction (alternating
      // which goes first) so that both see the same JIT state, table sizes and machine load.
      int warm = Math.min(states, 2_000);
      BenchVaultSchema.clear(db);
      measure(db, warm, owner, issuer);
      BenchVaultSchema.clear(db);
      double[] seconds = measure(db, states, owner, issuer);
      BenchVaultSchema.clear(db);
      ormSeconds = seconds[0];
      jdbcSeconds = seconds[1];
    }
    double ormRate = states / ormSeconds;
    double jdbcRate = states / jdbcSeconds;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(
          "{\"states\":"
              + states
              + ",\"batch\":"
              + batch
              + ",\"seconds\":"
              + fmt(ormSeconds, 3)
              + ",\"statesPerSecond\":"
              + fmt(ormRate, 1)
              + ",\"jdbcStatesPerSecond\":"
              + (baselineJdbc ? fmt(jdbcRate, 1) : "null")
              + ",\"ratio\":"
              + (baselineJdbc ? fmt(ormRate / jdbcRate, 3) : "null")
              + "}");
    } else {
      out.printf(
          Locale.ROOT,
          "vault: %d states in transactions of %d on %s%n  ORM:  %.3f s, %.1f states/s%n",
          states,
          batch,
          target.maskedUrl(),
          ormSeconds,
          ormRate);
      if (baselineJdbc) {
        out.printf(
            Locale.ROOT,
            "  JDBC: %.3f s, %.1f states/s%n  ratio ORM/JDBC: %.3f%n",
            jdbcSeconds,
            jdbcRate,
            ormRate / jdbcRate);
      }
    }
    out.flush();
    return LedgerkitCli.EXIT_OK;
  }

  /** {@code --query-curve}: the sizes, validated, then one line (or JSON entry) per size. */
  private int queryCurve() {
    for (String recordOnly : List.of("--states", "--batch", "--baseline-jdbc")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(recordOnly)) {
        throw new ParameterException(
            spec.commandLine(),
            recordOnly + " does not apply with --query-curve; drop one of the two");
      }
    }
    BenchArgs.requireBetween(spec, "--unconsumed", unconsumed, 1, 1_000_000);
    BenchArgs.requireBetween(spec, "--repeat", repeat, 1, 100_000);
    int[] sizes = new int[queryCurve.size()];
    for (int i = 0; i < sizes.length; i++) {
      int size = queryCurve.get(i);
      if (size < 2 * unconsumed || size > 10_000_000) {
        throw new ParameterException(
            spec.commandLine(),
            "--query-curve sizes must be between 2 x --unconsumed ("
                + 2 * unconsumed
                + ", the answer and as many unconsumed states of another class) and 10000000,"
                + " was "
                + size);
      }
      if (i > 0 && size <= sizes[i - 1]) {
        throw new ParameterException(
            spec.commandLine(),
            "--query-curve sizes must ascend (the vault only grows), was "
                + sizes[i - 1]
                + " then "
                + size);
      }
      sizes[i] = size;
    }
    ConnectionOptions.Resolved target = connection.resolve();
    Party owner = party("O=Bench Owner,L=London,C=GB");
    Party issuer = party("O=Bench Bank,L=London,C=GB");
    List<VaultQueryCurve.Point> points;
    try (PersistenceDatabase db = open(target, owner, issuer)) {
      points =
          new VaultQueryCurve(db, owner, issuer, unconsumed, repeat, Math.max(1, repeat / 10))
              .run(sizes);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      StringBuilder b = new StringBuilder();
      b.append("{\"unconsumed\":").append(unconsumed).append(",\"repeat\":").append(repeat);
      b.append(",\"sizes\":{");
      for (int i = 0; i < points.size(); i++) {
        VaultQueryCurve.Point p = points.get(i);
        b.append(i == 0 ? "" : ",").append('"').append(p.states()).append("\":{");
        b.append("\"mappedRows\":").append(p.mappedRows());
        b.append(",\"fillSeconds\":").append(fmt(p.fillSeconds(), 3));
        b.append(",\"statesRows\":").append(p.statesQuery().rows());
        b.append(",\"statesMedianMillis\":").append(fmt(p.statesQuery().medianMillis(), 3));
        b.append(",\"statesP99Millis\":").append(fmt(p.statesQuery().p99Millis(), 3));
        b.append(",\"entityRows\":").append(p.entityQuery().rows());
        b.append(",\"entityMedianMillis\":").append(fmt(p.entityQuery().medianMillis(), 3));
        b.append(",\"entityP99Millis\":").append(fmt(p.entityQuery().p99Millis(), 3));
        b.append('}');
      }
      out.println(b.append("}}"));
    } else {
      out.printf(
          Locale.ROOT,
          "vault queries: %d unconsumed states of the queried class at every size, %d calls each,"
              + " on %s%n",
          unconsumed,
          repeat,
          target.maskedUrl());
      out.printf(
          Locale.ROOT,
          "%10s %10s %8s  %-32s  %-32s%n",
          "states",
          "mapped",
          "fill s",
          "unconsumedStates ms (p50 / p99)",
          "unconsumed(entity) ms (p50 / p99)");
      for (VaultQueryCurve.Point p : points) {
        out.printf(
            Locale.ROOT,
            "%10d %10d %8.1f  %13.3f / %-16.3f  %13.3f / %-16.3f%n",
            p.states(),
            p.mappedRows(),
            p.fillSeconds(),
            p.statesQuery().medianMillis(),
            p.statesQuery().p99Millis(),
            p.entityQuery().medianMillis(),
            p.entityQuery().p99Millis());
      }
    }
    out.flush();
    return LedgerkitCli.EXIT_OK;
  }

  /**
   * Records {@code n} states through the vault and, with {@code --baseline-jdbc}, inserts {@code n}
   * states' rows with plain JDBC, one transaction of {@code --batch} states of each path in turn.
   *
   * @return the seconds spent in the ORM path and in the JDBC path (NaN without baseline)
   */
  private double[] measure(PersistenceDatabase db, int n, Party owner, Party issuer) {
    long orm = 0;
    long jdbc = 0;
    try (JdbcBaseline plain = baselineJdbc ? new JdbcBaseline(db, owner, issuer) : null) {
      int round = 0;
      for (int from = 0; from < n; from += batch, round++) {
        int to = Math.min(n, from + batch);
        if (plain != null && round % 2 == 1) {
          jdbc += plain.insert(from, to);
        }
        orm += recordOrm(db, from, to, owner, issuer);
        if (plain != null && round % 2 == 0) {
          jdbc += plain.insert(from, to);
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("JDBC baseline failed: " + e.getMessage(), e);
    }
    return new double[] {orm / 1e9, baselineJdbc ? jdbc / 1e9 : Double.NaN};
  }

  /** One transaction of states {@code from} to {@code to} through the vault; nanoseconds. */
  private static long recordOrm(
      PersistenceDatabase db, int from, int to, Party owner, Party issuer) {
    long start = System.nanoTime();
    List<StateAndRef<?>> chunk = new ArrayList<>(to - from);
    for (int i = from; i < to; i++) {
      chunk.add(
          new StateAndRef<>(
              new BenchVaultSchema.BenchState(owner, issuer, i, "EUR"),
              new StateRef(UUID.randomUUID().toString(), 0)));
    }
    db.transaction(
        s -> {
          db.vault().record(chunk);
          return null;
        });
    return System.nanoTime() - start;
  }

  /**
   * The benchmark's database, both modes alike: its own tables ({@link BenchVaultSchema}) migrated
   * on first use, a pool of two, JDBC batches of 100.
   */
  private static PersistenceDatabase open(
      ConnectionOptions.Resolved target, Party owner, Party issuer) {
    return PersistenceDatabase.configure()
        .url(target.url(), target.user(), target.password())
        .pool(2, 1, 30_000)
        .schemaService(BenchVaultSchema.schemaService())
        .identityService(InMemoryIdentityService.of(owner, issuer))
        .batchSize(100)
        .runMigration(true)
        .start();
  }

  private static Party party(String name) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(256);
      return new Party(name, g.generateKeyPair().getPublic());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("no EC key generator in this JVM", e);
    }
  }

  private static String fmt(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
