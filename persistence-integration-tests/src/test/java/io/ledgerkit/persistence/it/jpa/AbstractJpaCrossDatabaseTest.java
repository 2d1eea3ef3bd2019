package io.ledgerkit.persistence.it.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.config.SchemaVersionPolicy;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.DefaultSchemaService;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.SchemaMappingException;
import io.ledgerkit.persistence.jpa.TransactionFailedException;
import io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity;
import io.ledgerkit.persistence.jpa.entities.NodeAttachmentEntity;
import io.ledgerkit.persistence.jpa.fixtures.BadCashSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.CashSchema;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV1.PersistentCashV1;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV2;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV2.PersistentCashV2;
import io.ledgerkit.persistence.jpa.fixtures.CashState;
import io.ledgerkit.persistence.jpa.fixtures.ConnectorSchema010;
import io.ledgerkit.persistence.jpa.fixtures.ExposureSchema;
import io.ledgerkit.persistence.jpa.fixtures.ExposureSchema.PersistentExposure;
import io.ledgerkit.persistence.jpa.fixtures.IlpLikeSchema;
import io.ledgerkit.persistence.jpa.fixtures.Keys;
import io.ledgerkit.persistence.jpa.fixtures.LinkedSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.LinkedSchemaV1.PersistentLabel;
import io.ledgerkit.persistence.jpa.fixtures.LinkedSchemaV1.PersistentLinked;
import io.ledgerkit.persistence.jpa.fixtures.LinkedState;
import io.ledgerkit.persistence.jpa.fixtures.ObligationState;
import io.ledgerkit.persistence.jpa.fixtures.SequencedSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.SequencedSchemaV1.PersistentBatch;
import io.ledgerkit.persistence.jpa.fixtures.SequencedState;
import io.ledgerkit.persistence.jpa.fixtures.TaggedSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.TaggedSchemaV1.PersistentTagged;
import io.ledgerkit.persistence.jpa.fixtures.TaggedState;
import io.ledgerkit.persistence.jpa.fixtures.TradeSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.TradeSchemaV1.PersistentTrade;
import io.ledgerkit.persistence.jpa.fixtures.TradeState;
import io.ledgerkit.persistence.jpa.repositories.AccountSettingsRepository;
import io.ledgerkit.persistence.jpa.schemas.VaultSchemaV1;
import io.ledgerkit.persistence.migrations.OutstandingMigrationsException;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseKind;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The JPA module's behaviour on one real database; subclasses pick the database through {@link
 * io.ledgerkit.persistence.testkit.TestDatabaseExtension}. Each test method gets its own isolated
 * database and boots Hibernate once or twice, so the suite stays small.
 */
abstract class AbstractJpaCrossDatabaseTest {

  static final Party ALICE = Keys.party("Alice");
  static final Party BANK = Keys.party("Bank");

  static StateRef ref() {
    return new StateRef(UUID.randomUUID().toString().replace("-", ""), 0);
  }

  static long count(PersistenceDatabase db, String sql, String param) {
    return db.transaction(
        s -> {
          try (PreparedStatement ps = db.jdbcSession().prepareStatement(sql)) {
            if (param != null) {
              ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  static boolean tableExists(TestDatabase d, String name) throws Exception {
    try (Connection c = d.dataSource().getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      for (String n : List.of(name, name.toUpperCase(), name.toLowerCase())) {
        try (ResultSet rs =
            md.getTables(c.getCatalog(), c.getSchema(), n, new String[] {"TABLE"})) {
          while (rs.next()) {
            if (rs.getString("TABLE_NAME").equalsIgnoreCase(name)) {
              return true;
            }
          }
        }
      }
      return false;
    }
  }

  @Test
  void aConnectorsOwnAccountSettingsAndStaticRoutesMigrateNextToTheBuiltIns(TestDatabase d)
      throws Exception {
    DefaultSchemaService schemas =
        DefaultSchemaService.configure().register(List.of(new IlpLikeSchema.V1())).load();
    try (PersistenceDatabase db =
        PersistenceDatabase.configure()
            .dataSource(d.dataSource())
            .schemaService(schemas)
            .runMigration(true)
            .start()) {
      AccountId alice = AccountId.of("alice-ilp");
      new AccountSettingsRepository(db)
          .save(AccountSettingsEntity.of(alice, "USD", 2, null, BalanceSettings.NONE, Map.of()));
      assertThat(new AccountSettingsRepository(db).findByAccountId(alice)).isPresent();
      assertThat(count(db, "select count(*) from account_settings", null)).isZero();
      assertThat(count(db, "select count(*) from static_routes", null)).isZero();
      assertThat(count(db, "select count(*) from lk_account_settings", null)).isOne();
    }
    SchemaMigration.configure()
        .dataSource(d.dataSource())
        .schemas(schemas.schemaOptionsByActiveSchema())
        .load()
        .verify();
  }

  @Test
  void aDatabaseCreatedBy010IsRenamedToThePrefixWithItsRowsKept(TestDatabase d) throws Exception {
    ConnectorSchema010.createDatabase(d.dataSource());
    assertThat(tableExists(d, "account_settings")).isTrue();
    DefaultSchemaService schemas = DefaultSchemaService.configure().load();
    try (PersistenceDatabase db =
        PersistenceDatabase.configure()
            .dataSource(d.dataSource())
            .schemaService(schemas)
            .runMigration(true)
            .start()) {
      assertThat(new AccountSettingsRepository(db).findByAccountId(AccountId.of("old-alice")))
          .hasValueSatisfying(e -> assertThat(e.getAssetCode()).isEqualTo("EUR"));
      assertThat(count(db, "select count(*) from lk_static_routes", null)).isOne();
      assertThat(count(db, "select count(*) from lk_runtime_config_entries", null)).isOne();
    }
    for (String old : List.of("account_settings", "static_routes", "runtime_config_entries")) {
      assertThat(tableExists(d, old)).as(old).isFalse();
    }
    SchemaMigration migration =
        SchemaMigration.configure()
            .dataSource(d.dataSource())
            .schemas(schemas.schemaOptionsByActiveSchema())
            .load();
    migration.verify();
    assertThat(migration.migrate()).isEmpty();
  }

  @Test
  void allOfferedVaultBuiltInsAndTransactions(TestDatabase d) {
    DefaultSchemaService schemas =
        DefaultSchemaService.configure()
            .register(CashSchemaV1.class, CashSchemaV2.class, TradeSchemaV1.class)
            .plugin(new ExposureSchema.Plugin())
            .load();
    try (PersistenceDatabase db =
        PersistenceDatabase.configure()
            .dataSource(d.dataSource())
            .schemaService(schemas)
            .identityService(InMemoryIdentityService.of(ALICE, BANK))
            .runMigration(true)
            .start()) {
      StateRef cash = ref();
      StateRef obligation = ref();
      StateRef trade = ref();
      db.transaction(
          s -> {
            db.vault()
                .record(
                    List.of(
                        new StateAndRef<>(new CashState(ALICE, BANK, 100, "EUR"), cash),
                        new StateAndRef<>(new ObligationState(BANK, 40, "EUR"), obligation),
                        new StateAndRef<>(
                            new TradeState(
                                "it-" + trade.txId().substring(0, 8), List.of(3L, 4L), ALICE),
                            trade)));
            return null;
          });
      // Every offered version, the plugin's common schema from two state types, the non-flat one.
      assertThat(
              count(
                  db, "select count(*) from cash_states_v1 where transaction_id = ?", cash.txId()))
          .isOne();
      assertThat(
              count(
                  db, "select count(*) from cash_states_v2 where transaction_id = ?", cash.txId()))
          .isOne();
      assertThat(count(db, "select count(*) from exposures", null)).isEqualTo(2);
      List<Long> legs =
          db.transaction(
              s ->
                  db.vault().unconsumed(PersistentTrade.class).get(0).legs.stream()
                      .map(l -> l.notional)
                      .toList());
      assertThat(legs).containsExactly(3L, 4L);
      List<String> kinds =
          db.transaction(
              s ->
                  db
                      .vault()
                      .unconsumedQuery(PersistentExposure.class, "order by e.amount")
                      .getResultList()
                      .stream()
                      .map(e -> e.kind)
                      .toList());
      assertThat(kinds).containsExactly("OBLIGATION", "CASH");
      PersistentCashV2 v2 =
          db.transaction(s -> db.vault().unconsumed(PersistentCashV2.class).get(0));
      assertThat(v2.owner).isEqualTo(ALICE);
      assertThat(v2.issuer).isEqualTo(BANK);

      // jdbcSession joins a mapped table with unconsumed vault_states, seeing pending ORM writes.
      StateRef pending = ref();
      long unconsumedEur =
          db.transaction(
              s -> {
                db.vault()
                    .record(
                        List.of(new StateAndRef<>(new CashState(ALICE, BANK, 5, "EUR"), pending)));
                db.vault().consume(List.of(cash));
                Connection c = db.jdbcSession();
                assertThatThrownBy(c::close).isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(c::commit).isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(c::rollback).isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(() -> c.setAutoCommit(true))
                    .isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(
                        () -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE))
                    .isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(() -> c.setSchema("x"))
                    .isInstanceOf(UnsupportedOperationException.class);
                assertThatThrownBy(() -> c.setCatalog("x"))
                    .isInstanceOf(UnsupportedOperationException.class);
                try (PreparedStatement ps =
                        c.prepareStatement(
                            "select sum(c.amount) from cash_states_v1 c join vault_states v"
                                + " on v.transaction_id = c.transaction_id"
                                + " and v.output_index = c.output_index"
                                + " where v.state_status = 'UNCONSUMED' and c.currency = 'EUR'");
                    ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getLong(1);
                }
              });
      assertThat(unconsumedEur).isEqualTo(5);
      List<Long> unconsumedV1 =
          db.transaction(
              s ->
                  db.vault().unconsumed(PersistentCashV1.class).stream()
                      .map(e -> e.amount)
                      .toList());
      assertThat(unconsumedV1).containsExactly(5L);

      // Nested transactions join; a failure rolls everything back; a swallowed inner failure too.
      StateRef outer = ref();
      StateRef inner = ref();
      db.transaction(
          s -> {
            db.vault()
                .record(List.of(new StateAndRef<>(new CashState(ALICE, BANK, 1, "USD"), outer)));
            db.transaction(
                s2 -> {
                  assertThat(s2).isSameAs(s);
                  db.vault()
                      .record(
                          List.of(new StateAndRef<>(new CashState(ALICE, BANK, 2, "USD"), inner)));
                  return null;
                });
            return null;
          });
      assertThat(
              count(db, "select count(*) from vault_states where transaction_id = ?", inner.txId()))
          .isOne();
      StateRef doomed = ref();
      assertThatThrownBy(
              () ->
                  db.transaction(
                      s -> {
                        db.vault()
                            .record(
                                List.of(
                                    new StateAndRef<>(
                                        new CashState(ALICE, BANK, 9, "USD"), doomed)));
                        db.currentSession().flush();
                        throw new IllegalStateException("boom");
                      }))
          .hasMessage("boom");
      assertThat(
              count(
                  db, "select count(*) from vault_states where transaction_id = ?", doomed.txId()))
          .isZero();
      assertThat(
              count(db, "select count(*) from exposures where transaction_id = ?", doomed.txId()))
          .isZero();
      assertThatThrownBy(
              () ->
                  db.transaction(
                      s -> {
                        db.vault()
                            .record(
                                List.of(
                                    new StateAndRef<>(
                                        new CashState(ALICE, BANK, 9, "USD"), doomed)));
                        try {
                          db.transaction(
                              s2 -> {
                                throw new IllegalArgumentException("inner");
                              });
                        } catch (IllegalArgumentException expected) {
                          // swallowed: the outer transaction must still roll back
                        }
                        return null;
                      }))
          .isInstanceOf(TransactionFailedException.class);
      assertThat(
              count(
                  db, "select count(*) from vault_states where transaction_id = ?", doomed.txId()))
          .isZero();

      // Built-in schemas, registered by ServiceLoader, work here too.
      new AccountSettingsRepository(db)
          .save(
              AccountSettingsEntity.of(
                  AccountId.of("it-alice"),
                  "USD",
                  2,
                  "ILP_OVER_HTTP",
                  new BalanceSettings(-10L, 100L, 5),
                  Map.of("k", "v")));
      assertThat(
              new AccountSettingsRepository(db)
                  .findByAccountId(AccountId.of("it-alice"))
                  .orElseThrow()
                  .getBalanceSettings())
          .isEqualTo(new BalanceSettings(-10L, 100L, 5));
      byte[] content = new byte[70_000];
      new java.util.Random(7).nextBytes(content);
      db.transaction(
          s -> {
            s.persist(
                new NodeAttachmentEntity(
                    "it-att", content, "x.bin", Instant.parse("2026-01-02T03:04:05.123456Z")));
            return null;
          });
      NodeAttachmentEntity att = db.transaction(s -> s.find(NodeAttachmentEntity.class, "it-att"));
      assertThat(att.getContent()).isEqualTo(content);
      assertThat(att.getContentSize()).isEqualTo(70_000);
      // MySQL Connector/J talking to a MariaDB server sees version "5.5.5-..." and drops
      // fractional seconds when binding; the columns themselves keep microseconds.
      Instant expected =
          d.kind() == TestDatabaseKind.MYSQL
              ? Instant.parse("2026-01-02T03:04:05Z")
              : Instant.parse("2026-01-02T03:04:05.123456Z");
      assertThat(att.getInsertionTime()).isEqualTo(expected);
    }
  }

  @Test
  void latestPolicyWithTablePrefixAndDatabaseSchema(TestDatabase d) throws Exception {
    String extra = "lkx" + UUID.randomUUID().toString().substring(0, 8);
    DefaultSchemaService schemas =
        DefaultSchemaService.configure()
            .serviceLoader(false)
            .register(CashSchemaV1.class, CashSchemaV2.class, TradeSchemaV1.class)
            .versionPolicy(CashSchema.class, SchemaVersionPolicy.LATEST)
            .schemaOptions(CashSchema.class, SchemaOptions.tablePrefix("it_"))
            .schemaOptions(TradeSchemaV1.TradeSchema.class, new SchemaOptions(extra, "p_"))
            .load();
    if (d.kind() == TestDatabaseKind.MYSQL) {
      // A MySQL database is created with the server's default collation; joins across databases
      // need equal collations, so create it like the test's own database.
      try (Connection c = d.dataSource().getConnection();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "select default_character_set_name, default_collation_name"
                      + " from information_schema.schemata where schema_name = '"
                      + d.schema()
                      + "'")) {
        rs.next();
        String charset = rs.getString(1);
        String collation = rs.getString(2);
        try (Statement create = c.createStatement()) {
          create.execute(
              "CREATE DATABASE " + extra + " CHARACTER SET " + charset + " COLLATE " + collation);
        }
      }
    }
    try {
      try (PersistenceDatabase db =
          PersistenceDatabase.configure()
              .dataSource(d.dataSource())
              .schemaService(schemas)
              .identityService(InMemoryIdentityService.of(ALICE))
              .runMigration(true)
              .start()) {
        StateRef cash = ref();
        StateRef trade = ref();
        db.transaction(
            s -> {
              db.vault()
                  .record(
                      List.of(
                          new StateAndRef<>(new CashState(ALICE, ALICE, 12, "EUR"), cash),
                          new StateAndRef<>(
                              new TradeState(
                                  "lt-" + trade.txId().substring(0, 8), List.of(1L), ALICE),
                              trade)));
              return null;
            });
        List<Long> amounts =
            db.transaction(
                s ->
                    db.vault().unconsumed(PersistentCashV2.class).stream()
                        .map(e -> e.amount)
                        .toList());
        assertThat(amounts).containsExactly(12L);
        int legCount =
            db.transaction(s -> db.vault().unconsumed(PersistentTrade.class).get(0).legs.size());
        assertThat(legCount).isEqualTo(1);
        assertThat(count(db, "select count(*) from it_cash_states_v2", null)).isOne();
        try (Connection c = d.dataSource().getConnection()) {
          DatabaseMetaData md = c.getMetaData();
          assertThat(tableExists(md, d, null, "it_cash_states_v2")).isTrue();
          assertThat(tableExists(md, d, null, "cash_states_v2")).isFalse();
          assertThat(tableExists(md, d, extra, "p_trades")).isTrue();
          assertThat(tableExists(md, d, extra, "p_trade_legs")).isTrue();
          assertThat(tableExists(md, d, null, "p_trades")).isFalse();
        }
      }
    } finally {
      try (Connection c = d.dataSource().getConnection();
          Statement st = c.createStatement()) {
        if (d.kind() == TestDatabaseKind.POSTGRESQL) {
          st.execute("DROP SCHEMA IF EXISTS " + extra + " CASCADE");
        } else if (d.kind() == TestDatabaseKind.MYSQL) {
          st.execute("DROP DATABASE IF EXISTS " + extra);
        }
      }
    }
  }

  @Test
  void databaseSchemaHoldsCollectionAndJoinTablesWithTheDefaultDatabaseCollation(TestDatabase d)
      throws Exception {
    // No table is created by hand: the migration creates the database schema (on MariaDB a
    // database) and every table of the family in it, and the ORM must find all of them there.
    String extra = "lkt" + UUID.randomUUID().toString().substring(0, 8);
    DefaultSchemaService schemas =
        DefaultSchemaService.configure()
            .serviceLoader(false)
            .register(TaggedSchemaV1.class)
            .schemaOptions(TaggedSchemaV1.TaggedSchema.class, new SchemaOptions(extra, "q_"))
            .load();
    try {
      try (PersistenceDatabase db =
          PersistenceDatabase.configure()
              .dataSource(d.dataSource())
              .schemaService(schemas)
              .identityService(InMemoryIdentityService.of(ALICE))
              .runMigration(true)
              .start()) {
        StateRef tagged = ref();
        db.transaction(
            s -> {
              db.vault()
                  .record(
                      List.of(
                          new StateAndRef<>(
                              new TaggedState(
                                  "tg-" + tagged.txId().substring(0, 8),
                                  Set.of("red", "blue"),
                                  List.of("first", "second"),
                                  ALICE),
                              tagged)));
              return null;
            });
        // The vault query joins vault_states (default schema) with the tables in the extra one.
        List<String> tags =
            db.transaction(
                s ->
                    db.vault().unconsumed(PersistentTagged.class).get(0).tags.stream()
                        .sorted()
                        .toList());
        assertThat(tags).containsExactly("blue", "red");
        List<String> notes =
            db.transaction(
                s ->
                    db.vault().unconsumed(PersistentTagged.class).get(0).notes.stream()
                        .map(n -> n.body)
                        .toList());
        assertThat(notes).containsExactly("first", "second");
        // Plain SQL joining a table of the extra schema with vault_states of the default one.
        long joined =
            count(
                db,
                "select count(*) from "
                    + extra
                    + ".q_tagged_tags t join vault_states v on v.transaction_id = t.transaction_id"
                    + " and v.output_index = t.output_index where v.transaction_id = ?",
                tagged.txId());
        assertThat(joined).isEqualTo(2);
        try (Connection c = d.dataSource().getConnection()) {
          DatabaseMetaData md = c.getMetaData();
          for (String table :
              List.of(
                  "q_tagged_states", "q_tagged_tags", "q_tagged_notes", "q_tagged_note_links")) {
            assertThat(tableExists(md, d, extra, table)).as(table).isTrue();
            assertThat(tableExists(md, d, null, table)).as(table).isFalse();
          }
          if (d.kind() == TestDatabaseKind.MYSQL) {
            assertThat(collationOf(c, extra)).isEqualTo(collationOf(c, d.schema()));
          }
        }
      }
    } finally {
      dropSchema(d, extra);
    }
  }

  @Test
  void databaseSchemaHoldsSequencesGeneratorTablesAndCompositeKeyChildren(TestDatabase d)
      throws Exception {
    // Children reference the parent by its composite key (transaction_id, output_index) and get
    // their ids from a sequence (@SequenceGenerator on the id) and from a generator table
    // (@TableGenerator on the class); neither generator names a schema. The migration puts all of
    // it in the database schema, and the ORM must use it there.
    String extra = "lks" + UUID.randomUUID().toString().substring(0, 8);
    DefaultSchemaService schemas =
        DefaultSchemaService.configure()
            .serviceLoader(false)
            .register(SequencedSchemaV1.class)
            .schemaOptions(SequencedSchemaV1.SequencedSchema.class, new SchemaOptions(extra, "s_"))
            .load();
    try {
      try (PersistenceDatabase db =
          PersistenceDatabase.configure()
              .dataSource(d.dataSource())
              .schemaService(schemas)
              .identityService(InMemoryIdentityService.of(ALICE))
              .runMigration(true)
              .start()) {
        StateRef first = ref();
        StateRef second = ref();
        db.transaction(
            s -> {
              db.vault()
                  .record(
                      List.of(
                          new StateAndRef<>(
                              new SequencedState(
                                  "b1", List.of("i1", "i2"), List.of("m1", "m2"), ALICE),
                              first),
                          new StateAndRef<>(
                              new SequencedState("b2", List.of("i3"), List.of("m3"), ALICE),
                              second)));
              return null;
            });
        List<String> items =
            db.transaction(
                s ->
                    db
                        .vault()
                        .unconsumedQuery(PersistentBatch.class, "e.label = 'b1'")
                        .getResultList()
                        .get(0)
                        .items
                        .stream()
                        .map(i -> i.name)
                        .toList());
        assertThat(items).containsExactly("i1", "i2");
        List<String> memos =
            db.transaction(
                s ->
                    db
                        .vault()
                        .unconsumedQuery(PersistentBatch.class, "e.label = 'b1'")
                        .getResultList()
                        .get(0)
                        .memos
                        .stream()
                        .map(m -> m.body)
                        .toList());
        assertThat(memos).containsExactly("m1", "m2");
        List<Long> itemIds =
            db.transaction(
                s ->
                    db.currentSession()
                        .createQuery("select i.id from SeqItem i order by i.id", Long.class)
                        .getResultList());
        assertThat(itemIds).hasSize(3).doesNotHaveDuplicates();
        assertThat(
                count(
                    db,
                    "select count(*) from " + extra + ".s_seq_memos where transaction_id = ?",
                    first.txId()))
            .isEqualTo(2);
        // the generator table holds the memo generator's row, in the database schema
        assertThat(count(db, "select count(*) from " + extra + ".s_seq_memo_ids", null)).isOne();
        try (Connection c = d.dataSource().getConnection()) {
          DatabaseMetaData md = c.getMetaData();
          for (String table :
              List.of("s_seq_batches", "s_seq_items", "s_seq_memos", "s_seq_memo_ids")) {
            assertThat(tableExists(md, d, extra, table)).as(table).isTrue();
            assertThat(tableExists(md, d, null, table)).as(table).isFalse();
          }
        }
      }
    } finally {
      dropSchema(d, extra);
    }
  }

  @Test
  void databaseSchemaHoldsSecondaryTablesAndManyToManyJoinTables(TestDatabase d) throws Exception {
    // An entity with a @SecondaryTable and an owning @ManyToMany over a @JoinTable, under a
    // database schema and a prefix. The migration creates every table only in the database
    // schema, so the ORM must find each of them there (or start-up fails validating the mapping),
    // and write and read through them.
    String extra = "lkl" + UUID.randomUUID().toString().substring(0, 8);
    DefaultSchemaService schemas =
        DefaultSchemaService.configure()
            .serviceLoader(false)
            .register(LinkedSchemaV1.class)
            .schemaOptions(LinkedSchemaV1.LinkedSchema.class, new SchemaOptions(extra, "l_"))
            .load();
    try {
      try (PersistenceDatabase db =
          PersistenceDatabase.configure()
              .dataSource(d.dataSource())
              .schemaService(schemas)
              .identityService(InMemoryIdentityService.of(ALICE))
              .runMigration(true)
              .start()) {
        StateRef first = ref();
        StateRef second = ref();
        db.transaction(
            s -> {
              db.vault()
                  .record(
                      List.of(
                          new StateAndRef<>(
                              new LinkedState("la", "memo a", Set.of("red", "blue"), ALICE), first),
                          new StateAndRef<>(
                              new LinkedState("lb", "memo b", Set.of("green"), ALICE), second)));
              return null;
            });
        // The secondary table's column and the many-to-many, read back through the vault query.
        List<String> firstRead =
            db.transaction(
                s -> {
                  PersistentLinked a =
                      db.vault()
                          .unconsumedQuery(PersistentLinked.class, "e.label = 'la'")
                          .getResultList()
                          .get(0);
                  List<String> out = new java.util.ArrayList<>();
                  out.add(a.memo);
                  a.labels.stream().map(l -> l.code).sorted().forEach(out::add);
                  return out;
                });
        assertThat(firstRead).containsExactly("memo a", "blue", "red");
        // Share a label: the second state also gets the first one's "red" (a join-table insert).
        db.transaction(
            s -> {
              PersistentLinked b =
                  db.vault()
                      .unconsumedQuery(PersistentLinked.class, "e.label = 'lb'")
                      .getResultList()
                      .get(0);
              PersistentLabel red = s.find(PersistentLabel.class, "red");
              b.labels.add(red);
              red.owners.add(b);
              b.memo = "memo b2";
              return null;
            });
        List<String> owners =
            db.transaction(
                s ->
                    s.find(PersistentLabel.class, "red").owners.stream()
                        .map(o -> o.label + ":" + o.memo)
                        .sorted()
                        .toList());
        assertThat(owners).containsExactly("la:memo a", "lb:memo b2");
        assertThat(count(db, "select count(*) from " + extra + ".l_linked_details", null))
            .isEqualTo(2);
        assertThat(
                count(
                    db,
                    "select count(*) from "
                        + extra
                        + ".l_linked_label_links k join vault_states v"
                        + " on v.transaction_id = k.transaction_id"
                        + " and v.output_index = k.output_index where v.transaction_id = ?",
                    second.txId()))
            .isEqualTo(2);
        assertThat(count(db, "select count(*) from " + extra + ".l_linked_labels", null))
            .isEqualTo(3);
        try (Connection c = d.dataSource().getConnection()) {
          DatabaseMetaData md = c.getMetaData();
          for (String table :
              List.of(
                  "l_linked_states",
                  "l_linked_details",
                  "l_linked_labels",
                  "l_linked_label_links")) {
            assertThat(tableExists(md, d, extra, table)).as(table).isTrue();
            assertThat(tableExists(md, d, null, table)).as(table).isFalse();
          }
        }
      }
    } finally {
      dropSchema(d, extra);
    }
  }

  private static String collationOf(Connection c, String database) throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "select default_character_set_name, default_collation_name"
                + " from information_schema.schemata where schema_name = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("database " + database).isTrue();
        return rs.getString(1) + "/" + rs.getString(2);
      }
    }
  }

  private static void dropSchema(TestDatabase d, String schema) throws Exception {
    try (Connection c = d.dataSource().getConnection();
        Statement st = c.createStatement()) {
      if (d.kind() == TestDatabaseKind.MYSQL) {
        st.execute("DROP DATABASE IF EXISTS " + schema);
      } else {
        st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
  }

  @Test
  void startUpIsRefusedOnADatabaseBehindTheCodeAndOnAMappingThatDisagrees(TestDatabase d) {
    assertThatThrownBy(
            () ->
                PersistenceDatabase.configure()
                    .dataSource(d.dataSource())
                    .schemaService(
                        DefaultSchemaService.configure()
                            .serviceLoader(false)
                            .register(CashSchemaV1.class)
                            .load())
                    .start())
        .isInstanceOf(OutstandingMigrationsException.class)
        .hasMessageContaining("cash-v1-1");
    SchemaMigration.configure()
        .dataSource(d.dataSource())
        .schema(new BadCashSchemaV1())
        .schema(new VaultSchemaV1())
        .runMigration(true)
        .load()
        .migrate();
    assertThatThrownBy(
            () ->
                PersistenceDatabase.configure()
                    .dataSource(d.dataSource())
                    .schemaService(
                        DefaultSchemaService.configure()
                            .serviceLoader(false)
                            .register(BadCashSchemaV1.class)
                            .load())
                    .start())
        .isInstanceOf(SchemaMappingException.class)
        .hasMessageContaining("memo_text")
        .hasMessageContaining("cash_states_v1");
  }

  private static boolean tableExists(
      DatabaseMetaData md, TestDatabase d, String schema, String table) throws Exception {
    boolean mysql = d.kind() == TestDatabaseKind.MYSQL;
    String where = schema != null ? schema : d.schema();
    for (String name : List.of(table, table.toUpperCase())) {
      for (String w : List.of(where, where.toUpperCase())) {
        try (ResultSet rs =
            mysql ? md.getTables(w, null, name, null) : md.getTables(null, w, name, null)) {
          if (rs.next()) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
