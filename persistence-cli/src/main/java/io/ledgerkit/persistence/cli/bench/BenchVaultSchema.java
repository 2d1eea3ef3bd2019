package io.ledgerkit.persistence.cli.bench;

import io.ledgerkit.persistence.identity.AbstractParty;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.DefaultSchemaService;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.schemas.VaultSchema;
import io.ledgerkit.persistence.schema.ContractState;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.PersistentState;
import io.ledgerkit.persistence.schema.QueryableState;
import io.ledgerkit.persistence.schema.SchemaOptions;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/**
 * The tables of {@code ledgerkit bench vault}: two mapped schemas ({@code bench_cash}, {@code
 * bench_exposure}) next to the vault, all with the prefix {@code lkbench_}, created by the bench
 * changelog on first use, and the state that offers both.
 */
final class BenchVaultSchema {

  static final String PREFIX = "lkbench_";

  private BenchVaultSchema() {}

  /** The schema service of the benchmark: its two schemas and the vault, all prefixed. */
  static DefaultSchemaService schemaService() {
    return DefaultSchemaService.configure()
        .serviceLoader(false)
        .register(List.of(new BenchCashSchemaV1(), new BenchExposureSchemaV1()))
        .schemaOptions(VaultSchema.class, SchemaOptions.tablePrefix(PREFIX))
        .schemaOptions(BenchCashSchemaV1.class, SchemaOptions.tablePrefix(PREFIX))
        .schemaOptions(BenchExposureSchemaV1.class, SchemaOptions.tablePrefix(PREFIX))
        .load();
  }

  /** Empties the benchmark's tables (truncates them). */
  static void clear(PersistenceDatabase db) {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      for (String t : List.of("bench_cash", "bench_exposure", "vault_states")) {
        // TRUNCATE: a delete of a million rows is one huge transaction (minutes on H2, whose file
        // grows by gigabytes meanwhile); these tables are the benchmark's own.
        st.executeUpdate("truncate table " + PREFIX + t);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot empty the benchmark tables: " + e.getMessage(), e);
    }
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

  /**
   * Another state class of the benchmark, with no mapped schema: the vault rows of {@code
   * --query-curve} that are not of the queried class.
   */
  record OtherState(Party owner, long amount) implements ContractState {
    @Override
    public List<AbstractParty> participants() {
      return List.of(owner);
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
