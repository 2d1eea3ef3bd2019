package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.cli.common.ConnectionOptions;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.DefaultSchemaService;
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
    if (states < 1 || states > 10_000_000) {
      throw new ParameterException(
          spec.commandLine(), "--states must be between 1 and 10000000, was " + states);
    }
    if (batch < 1 || batch > 100_000) {
      throw new ParameterException(
          spec.commandLine(), "--batch must be between 1 and 100000, was " + batch);
    }
    ConnectionOptions.Resolved target = connection.resolve();
    Party owner = party("O=Bench Owner,L=London,C=GB");
    Party issuer = party("O=Bench Bank,L=London,C=GB");
    DefaultSchemaService schemas = BenchVaultSchema.schemaService();
    double ormSeconds;
    double jdbcSeconds = Double.NaN;
    try (PersistenceDatabase db =
        PersistenceDatabase.configure()
            .url(target.url(), target.user(), target.password())
            .pool(2, 1, 30_000)
            .schemaService(schemas)
            .identityService(InMemoryIdentityService.of(owner, issuer))
            .batchSize(100)
            .runMigration(true)
            .start()) {
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
