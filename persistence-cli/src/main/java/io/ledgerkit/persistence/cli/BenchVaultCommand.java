package io.ledgerkit.persistence.cli;

import io.ledgerkit.persistence.identity.AbstractParty;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.DefaultSchemaService;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.schemas.VaultSchema;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.PersistentState;
import io.ledgerkit.persistence.schema.QueryableState;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.PrintWriter;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
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
 * tables carry the prefix {@code lkbench_} (created by migration on first use) and are emptied
 * before and after each run.
 */
@Command(
    name = "vault",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Record states through the ORM vault (each with two mapped schemas) and report states/s;"
            + " --baseline-jdbc compares with plain JDBC batches into the same tables.")
public final class BenchVaultCommand implements Callable<Integer> {

  static final String PREFIX = "lkbench_";

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
    DefaultSchemaService schemas =
        DefaultSchemaService.configure()
            .serviceLoader(false)
            .register(List.of(new BenchCashSchemaV1(), new BenchExposureSchemaV1()))
            .schemaOptions(VaultSchema.class, SchemaOptions.tablePrefix(PREFIX))
            .schemaOptions(BenchCashSchemaV1.class, SchemaOptions.tablePrefix(PREFIX))
            .schemaOptions(BenchExposureSchemaV1.class, SchemaOptions.tablePrefix(PREFIX))
            .load();
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
      clear(db);
      measure(db, warm, owner, issuer);
      clear(db);
      double[] seconds = measure(db, states, owner, issuer);
      clear(db);
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
    try (JdbcInserts plain = baselineJdbc ? new JdbcInserts(db, owner, issuer) : null) {
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
              new BenchState(owner, issuer, i, "EUR"),
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
   * The plain JDBC baseline: the same three rows per state into the same tables, in JDBC batches of
   * the ORM's batch size (100) and one transaction per {@code --batch} states, on one connection.
   */
  private static final class JdbcInserts implements AutoCloseable {
    private static final int JDBC_BATCH = 100;
    private final Connection c;
    private final PreparedStatement vault;
    private final PreparedStatement cash;
    private final PreparedStatement exposure;
    private final Party owner;
    private final Party issuer;

    JdbcInserts(PersistenceDatabase db, Party owner, Party issuer) throws java.sql.SQLException {
      this.owner = owner;
      this.issuer = issuer;
      this.c = db.dataSource().getConnection();
      c.setAutoCommit(false);
      vault =
          c.prepareStatement(
              "insert into "
                  + PREFIX
                  + "vault_states (transaction_id, output_index, state_class, state_status,"
                  + " recorded_at, consumed_at) values (?, ?, ?, ?, ?, ?)");
      cash =
          c.prepareStatement(
              "insert into "
                  + PREFIX
                  + "bench_cash (transaction_id, output_index, owner_name, amount, currency)"
                  + " values (?, ?, ?, ?, ?)");
      exposure =
          c.prepareStatement(
              "insert into "
                  + PREFIX
                  + "bench_exposure (transaction_id, output_index, party_name, kind, amount)"
                  + " values (?, ?, ?, ?, ?)");
    }

    /** One transaction of states {@code from} to {@code to}; nanoseconds. */
    long insert(int from, int to) throws java.sql.SQLException {
      long start = System.nanoTime();
      Timestamp now = Timestamp.from(Instant.now());
      for (int i = from; i < to; i++) {
        String tx = UUID.randomUUID().toString();
        vault.setString(1, tx);
        vault.setInt(2, 0);
        vault.setString(3, BenchState.class.getName());
        vault.setString(4, "UNCONSUMED");
        vault.setTimestamp(5, now);
        vault.setNull(6, java.sql.Types.TIMESTAMP);
        vault.addBatch();
        cash.setString(1, tx);
        cash.setInt(2, 0);
        cash.setString(3, owner.name());
        cash.setLong(4, i);
        cash.setString(5, "EUR");
        cash.addBatch();
        exposure.setString(1, tx);
        exposure.setInt(2, 0);
        exposure.setString(3, issuer.name());
        exposure.setString(4, "CASH");
        exposure.setLong(5, i);
        exposure.addBatch();
        if ((i - from + 1) % JDBC_BATCH == 0) {
          vault.executeBatch();
          cash.executeBatch();
          exposure.executeBatch();
        }
      }
      vault.executeBatch();
      cash.executeBatch();
      exposure.executeBatch();
      c.commit();
      return System.nanoTime() - start;
    }

    @Override
    public void close() throws java.sql.SQLException {
      try (c;
          vault;
          cash;
          exposure) {
        c.rollback();
      }
    }
  }

  private static void clear(PersistenceDatabase db) {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      for (String t : List.of("bench_cash", "bench_exposure", "vault_states")) {
        st.executeUpdate("delete from " + PREFIX + t);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot empty the benchmark tables: " + e.getMessage(), e);
    }
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

  /** The family of the benchmark's cash table. */
  public static final class BenchCash {
    private BenchCash() {}
  }

  /** The family of the benchmark's exposure table. */
  public static final class BenchExposure {
    private BenchExposure() {}
  }

  /** The benchmark's first mapped schema ({@code lkbench_bench_cash}). */
  public static final class BenchCashSchemaV1 extends MappedSchema {
    /** Creates the schema. */
    public BenchCashSchemaV1() {
      super(BenchCash.class, 1, List.of(BenchCashEntity.class));
    }

    @Override
    public String migrationResource() {
      return "migration/ledgerkit-bench.changelog-master.xml";
    }
  }

  /** The benchmark's second mapped schema ({@code lkbench_bench_exposure}). */
  public static final class BenchExposureSchemaV1 extends MappedSchema {
    /** Creates the schema. */
    public BenchExposureSchemaV1() {
      super(BenchExposure.class, 1, List.of(BenchExposureEntity.class));
    }

    @Override
    public String migrationResource() {
      return "migration/ledgerkit-bench.changelog-master.xml";
    }
  }

  /** A row of the cash table. */
  @Entity(name = "LkBenchCash")
  @Table(name = "bench_cash")
  public static class BenchCashEntity extends PersistentState {
    @Column(name = "owner_name", length = 255)
    AbstractParty owner;

    @Column(name = "amount", nullable = false)
    long amount;

    @Column(name = "currency", length = 3, nullable = false)
    String currency;

    /** For JPA. */
    protected BenchCashEntity() {}

    BenchCashEntity(AbstractParty owner, long amount, String currency) {
      this.owner = owner;
      this.amount = amount;
      this.currency = currency;
    }
  }

  /** A row of the exposure table. */
  @Entity(name = "LkBenchExposure")
  @Table(name = "bench_exposure")
  public static class BenchExposureEntity extends PersistentState {
    @Column(name = "party_name", length = 255)
    AbstractParty party;

    @Column(name = "kind", length = 32, nullable = false)
    String kind;

    @Column(name = "amount", nullable = false)
    long amount;

    /** For JPA. */
    protected BenchExposureEntity() {}

    BenchExposureEntity(AbstractParty party, String kind, long amount) {
      this.party = party;
      this.kind = kind;
      this.amount = amount;
    }
  }

  /** The benchmark's state: offers both schemas. */
  record BenchState(Party owner, Party issuer, long amount, String currency)
      implements QueryableState {
    @Override
    public List<AbstractParty> participants() {
      return List.of(owner);
    }

    @Override
    public Iterable<MappedSchema> supportedSchemas() {
      return List.of(new BenchCashSchemaV1(), new BenchExposureSchemaV1());
    }

    @Override
    public PersistentState generateMappedObject(MappedSchema schema) {
      if (schema instanceof BenchCashSchemaV1) {
        return new BenchCashEntity(owner, amount, currency);
      }
      return new BenchExposureEntity(issuer, "CASH", amount);
    }
  }
}
