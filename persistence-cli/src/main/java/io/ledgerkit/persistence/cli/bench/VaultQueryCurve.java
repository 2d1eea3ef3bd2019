package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * {@code ledgerkit bench vault --query-curve}: grows the benchmark vault to each size in turn and
 * times the library's two queries of unconsumed states at each size.
 *
 * <p>The answer has a fixed size: {@code unconsumed} unconsumed {@link BenchVaultSchema.BenchState}
 * states (recorded through {@code Vault.record}, so each also has its two mapped rows), next to as
 * many unconsumed {@link BenchVaultSchema.OtherState} states (another class, no mapped schema). The
 * rest of each size is history: consumed states, alternately of the queried class (vault row and
 * both mapped rows) and of the other class (vault row only), written with plain JDBC multi-row
 * inserts into the same tables. Statistics are refreshed after each fill (as autovacuum or H2's
 * auto-analyze would), then {@code Vault.unconsumedStates(BenchState.class)} and {@code
 * Vault.unconsumed(BenchCashEntity.class)} run interleaved, each in its own transaction, the call
 * alone timed.
 */
final class VaultQueryCurve {

  /** Rows per multi-row insert statement of the filler. */
  private static final int ROWS_PER_INSERT = 100;

  /** States per filler transaction. */
  private static final int STATES_PER_COMMIT = 20_000;

  private final PersistenceDatabase db;
  private final Party owner;
  private final Party issuer;
  private final int unconsumed;
  private final int repeat;
  private final int warmup;
  private final ArrayDeque<StateRef> live = new ArrayDeque<>();
  private long nextFiller;

  /**
   * One size of the curve.
   *
   * @param states recorded states in the vault
   * @param mappedRows rows of the queried mapped table ({@code lkbench_bench_cash})
   * @param fillSeconds the time to grow the vault to this size from the previous one
   * @param statesQuery the timings of {@code unconsumedStates(BenchState.class)}
   * @param entityQuery the timings of {@code unconsumed(BenchCashEntity.class)}
   */
  record Point(
      int states, int mappedRows, double fillSeconds, Timing statesQuery, Timing entityQuery) {}

  /**
   * The timings of one query at one size.
   *
   * @param medianMillis the median call
   * @param p99Millis the 99th percentile call (nearest rank)
   * @param rows the rows every call returned
   */
  record Timing(double medianMillis, double p99Millis, int rows) {
    static Timing of(long[] nanos, int rows) {
      long[] sorted = nanos.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      double median =
          n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2.0;
      int rank = (int) Math.ceil(0.99 * n) - 1;
      return new Timing(median / 1e6, sorted[Math.max(rank, 0)] / 1e6, rows);
    }
  }

  VaultQueryCurve(
      PersistenceDatabase db, Party owner, Party issuer, int unconsumed, int repeat, int warmup) {
    this.db = db;
    this.owner = owner;
    this.issuer = issuer;
    this.unconsumed = unconsumed;
    this.repeat = repeat;
    this.warmup = warmup;
  }

  /**
   * Runs the curve on emptied tables, emptying them again afterwards.
   *
   * @param sizes ascending sizes, each at least twice {@code unconsumed}
   * @return one point per size
   */
  List<Point> run(int[] sizes) {
    BenchVaultSchema.clear(db);
    try {
      recordAnswer();
      List<Point> points = new ArrayList<>();
      int filled = 2 * unconsumed;
      int mapped = unconsumed;
      for (int size : sizes) {
        long start = System.nanoTime();
        mapped += fill(filled, size);
        analyze();
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        filled = size;
        points.add(measure(size, mapped, fillSeconds, points.isEmpty()));
      }
      return points;
    } catch (SQLException e) {
      throw new IllegalStateException("cannot fill the benchmark vault: " + e.getMessage(), e);
    } finally {
      BenchVaultSchema.clear(db);
    }
  }

  /** The fixed answer: unconsumed states of the queried class and of the other class. */
  private void recordAnswer() {
    for (int from = 0; from < unconsumed; from += 500) {
      int to = Math.min(unconsumed, from + 500);
      List<StateAndRef<?>> chunk = new ArrayList<>(2 * (to - from));
      for (int i = from; i < to; i++) {
        StateRef ref = new StateRef(UUID.randomUUID().toString(), 0);
        live.add(ref);
        chunk.add(new StateAndRef<>(new BenchVaultSchema.BenchState(owner, issuer, i, "EUR"), ref));
        chunk.add(
            new StateAndRef<>(
                new BenchVaultSchema.OtherState(owner, i),
                new StateRef(UUID.randomUUID().toString(), 0)));
      }
      db.transaction(
          s -> {
            db.vault().record(chunk);
            return null;
          });
    }
  }

  /**
   * Adds consumed states number {@code from} to {@code to} (even: queried class with its mapped
   * rows, odd: other class) with plain JDBC multi-row inserts.
   *
   * @return the mapped rows added to {@code lkbench_bench_cash}
   */
  private int fill(int from, int to) throws SQLException {
    String benchClass = BenchVaultSchema.BenchState.class.getName();
    String otherClass = BenchVaultSchema.OtherState.class.getName();
    int mapped = 0;
    try (Connection c = db.dataSource().getConnection();
        Rows vault =
            new Rows(
                c,
                "vault_states (transaction_id, output_index, state_class, state_status,"
                    + " recorded_at, consumed_at)",
                6);
        Rows cash =
            new Rows(
                c, "bench_cash (transaction_id, output_index, owner_name, amount, currency)", 5);
        Rows exposure =
            new Rows(
                c, "bench_exposure (transaction_id, output_index, party_name, kind, amount)", 5)) {
      c.setAutoCommit(false);
      Timestamp recorded = Timestamp.from(Instant.now().minusSeconds(3600));
      Timestamp consumed = Timestamp.from(Instant.now());
      for (int i = from; i < to; i++) {
        // Ascending keys (a counter, then random hex to the width of a UUID): the filler appends to
        // the primary-key indexes instead of splitting pages all over them, which made a million
        // states take minutes to insert on H2; the queries probe those indexes the same way.
        String tx = String.format(Locale.ROOT, "f%015x-", nextFiller++) + UUID.randomUUID();
        tx = tx.substring(0, 36);
        boolean bench = i % 2 == 0;
        vault.add(tx, 0, bench ? benchClass : otherClass, "CONSUMED", recorded, consumed);
        if (bench) {
          cash.add(tx, 0, owner.name(), (long) i, "EUR");
          exposure.add(tx, 0, issuer.name(), "CASH", (long) i);
          mapped++;
        }
        if ((i - from + 1) % STATES_PER_COMMIT == 0) {
          vault.flush();
          cash.flush();
          exposure.flush();
          c.commit();
        }
      }
      vault.flush();
      cash.flush();
      exposure.flush();
      c.commit();
    }
    return mapped;
  }

  /** Rows of one table, sent {@link #ROWS_PER_INSERT} to a statement. */
  private static final class Rows implements AutoCloseable {
    private final Connection c;
    private final String head;
    private final int columns;
    private final List<Object[]> pending = new ArrayList<>(ROWS_PER_INSERT);
    private PreparedStatement full;

    Rows(Connection c, String table, int columns) {
      this.c = c;
      this.head = "insert into " + BenchVaultSchema.PREFIX + table + " values ";
      this.columns = columns;
    }

    void add(Object... row) throws SQLException {
      pending.add(row);
      if (pending.size() == ROWS_PER_INSERT) {
        if (full == null) {
          full = c.prepareStatement(sql(ROWS_PER_INSERT));
        }
        send(full);
      }
    }

    void flush() throws SQLException {
      if (!pending.isEmpty()) {
        try (PreparedStatement last = c.prepareStatement(sql(pending.size()))) {
          send(last);
        }
      }
    }

    private void send(PreparedStatement s) throws SQLException {
      int p = 1;
      for (Object[] row : pending) {
        for (Object v : row) {
          s.setObject(p++, v);
        }
      }
      s.executeUpdate();
      pending.clear();
    }

    @Override
    public void close() throws SQLException {
      if (full != null) {
        full.close();
      }
    }

    private String sql(int rows) {
      String row = "(" + String.join(", ", Collections.nCopies(columns, "?")) + ")";
      return head + String.join(", ", Collections.nCopies(rows, row));
    }
  }

  /**
   * Writes one vault row (sets its {@code recorded_at} to itself) with plain JDBC, as a live node
   * writes between reads: a database that reuses the result of a query over unchanged tables (H2
   * does) must then run the next call for real.
   */
  private void touch() {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "update "
              + BenchVaultSchema.PREFIX
              + "vault_states set recorded_at = recorded_at where transaction_id = '"
              + live.getFirst().txId()
              + "'");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot write the benchmark vault: " + e.getMessage(), e);
    }
  }

  /** Refreshes the optimizer statistics of the three tables. */
  private void analyze() throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      List<String> tables =
          List.of("vault_states", "bench_cash", "bench_exposure").stream()
              .map(t -> BenchVaultSchema.PREFIX + t)
              .toList();
      if (product.contains("h2")) {
        st.execute("ANALYZE");
      } else if (product.contains("postgres")) {
        for (String t : tables) {
          st.execute("ANALYZE " + t);
        }
      } else if (product.contains("mysql") || product.contains("mariadb")) {
        st.execute("ANALYZE TABLE " + String.join(", ", tables));
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  /**
   * Times both queries at one size, interleaved, after a warm-up (longer at the first size, for the
   * JIT), one vault row written before each pair of calls ({@link #touch}).
   */
  private Point measure(int size, int mapped, double fillSeconds, boolean first) {
    long[] states = new long[repeat];
    long[] entities = new long[repeat];
    int[] rows = new int[2];
    int warm = first ? Math.max(warmup, 100) : warmup;
    for (int r = -warm; r < repeat; r++) {
      touch();
      long[] t = new long[2];
      db.transaction(
          s -> {
            long start = System.nanoTime();
            rows[0] = db.vault().unconsumedStates(BenchVaultSchema.BenchState.class).size();
            t[0] = System.nanoTime() - start;
            return null;
          });
      db.transaction(
          s -> {
            long start = System.nanoTime();
            rows[1] = db.vault().unconsumed(BenchVaultSchema.BenchCashEntity.class).size();
            t[1] = System.nanoTime() - start;
            return null;
          });
      if (rows[0] != unconsumed || rows[1] != unconsumed) {
        throw new IllegalStateException(
            "at "
                + size
                + " states the queries returned "
                + rows[0]
                + " and "
                + rows[1]
                + " rows, expected "
                + unconsumed);
      }
      if (r >= 0) {
        states[r] = t[0];
        entities[r] = t[1];
      }
    }
    return new Point(
        size, mapped, fillSeconds, Timing.of(states, rows[0]), Timing.of(entities, rows[1]));
  }
}
