package io.ledgerkit.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.entities.StateStatus;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV1.PersistentCashV1;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV2;
import io.ledgerkit.persistence.jpa.fixtures.CashSchemaV2.PersistentCashV2;
import io.ledgerkit.persistence.jpa.fixtures.CashState;
import io.ledgerkit.persistence.jpa.fixtures.ExposureSchema;
import io.ledgerkit.persistence.jpa.fixtures.ExposureSchema.PersistentExposure;
import io.ledgerkit.persistence.jpa.fixtures.Keys;
import io.ledgerkit.persistence.jpa.fixtures.ObligationState;
import io.ledgerkit.persistence.jpa.fixtures.TradeSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.TradeSchemaV1.PersistentTrade;
import io.ledgerkit.persistence.jpa.fixtures.TradeState;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Recording, consuming and querying states on one shared H2 database (ALL_OFFERED). */
class VaultTest {

  static final Party ALICE = Keys.party("Alice");
  static final Party BANK = Keys.party("Bank");
  static final Party STRANGER = Keys.party("Stranger");
  static PersistenceDatabase db;

  @BeforeAll
  static void start() {
    db =
        PersistenceDatabase.configure()
            .url(H2.freshUrl(), "sa", "")
            .schemaService(
                DefaultSchemaService.configure()
                    .serviceLoader(false)
                    .register(CashSchemaV1.class, CashSchemaV2.class, TradeSchemaV1.class)
                    .plugin(new ExposureSchema.Plugin())
                    .load())
            .identityService(InMemoryIdentityService.of(ALICE, BANK))
            .runMigration(true)
            .start();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  static StateRef ref() {
    return new StateRef(UUID.randomUUID().toString().replace("-", ""), 0);
  }

  static long count(String table, StateRef ref) {
    return db.transaction(
        s -> {
          try (PreparedStatement ps =
              db.jdbcSession()
                  .prepareStatement(
                      "select count(*) from "
                          + table
                          + " where transaction_id = ? and output_index = ?")) {
            ps.setString(1, ref.txId());
            ps.setInt(2, ref.index());
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getLong(1);
            }
          }
        });
  }

  @Test
  void recordsOneVaultRowAndEveryOfferedVersionPlusThePluginSchema() {
    StateRef ref = ref();
    db.transaction(
        s -> {
          db.vault()
              .record(List.of(new StateAndRef<>(new CashState(ALICE, BANK, 100, "EUR"), ref)));
          return null;
        });
    assertThat(count("vault_states", ref)).isOne();
    assertThat(count("cash_states_v1", ref)).isOne();
    assertThat(count("cash_states_v2", ref)).isOne();
    assertThat(count("exposures", ref)).isOne();
    db.transaction(
        s -> {
          var row = db.vault().state(ref).orElseThrow();
          assertThat(row.getStatus()).isEqualTo(StateStatus.UNCONSUMED);
          assertThat(row.getStateClass()).isEqualTo(CashState.class.getName());
          assertThat(row.getRecordedAt()).isNotNull();
          PersistentCashV2 v2 =
              s.find(
                  PersistentCashV2.class,
                  new io.ledgerkit.persistence.schema.PersistentStateRef(ref));
          assertThat(v2.owner).isEqualTo(ALICE);
          assertThat(v2.issuer).isEqualTo(BANK);
          return null;
        });
  }

  @Test
  void twoStateTypesFeedOneCommonSchema() {
    StateRef cash = ref();
    StateRef obligation = ref();
    db.transaction(
        s -> {
          db.vault()
              .record(
                  List.of(
                      new StateAndRef<>(new CashState(ALICE, BANK, 70, "EUR"), cash),
                      new StateAndRef<>(new ObligationState(BANK, 30, "EUR"), obligation)));
          return null;
        });
    List<PersistentExposure> exposures =
        db.transaction(
            s ->
                db.vault()
                    .unconsumedQuery(
                        PersistentExposure.class, "e.stateRef.txId in :ids order by e.amount")
                    .setParameter("ids", List.of(cash.txId(), obligation.txId()))
                    .getResultList());
    assertThat(exposures).extracting(e -> e.kind).containsExactly("OBLIGATION", "CASH");
    assertThat(exposures).extracting(e -> e.amount).containsExactly(-30L, 70L);
    assertThat(count("cash_states_v1", obligation)).isZero();
  }

  @Test
  void aParentWithChildLegsIsPersistedAndReadBack() {
    StateRef ref = ref();
    String name = "trade-" + ref.txId().substring(0, 8);
    db.transaction(
        s -> {
          db.vault()
              .record(
                  List.of(
                      new StateAndRef<>(new TradeState(name, List.of(5L, 7L, 9L), ALICE), ref)));
          return null;
        });
    List<Long> notionals =
        db.transaction(
            s -> {
              PersistentTrade t =
                  db.vault()
                      .unconsumedQuery(PersistentTrade.class, "e.name = :n")
                      .setParameter("n", name)
                      .getSingleResult();
              return t.legs.stream().map(l -> l.notional).toList();
            });
    assertThat(notionals).containsExactly(5L, 7L, 9L);
  }

  @Test
  void unconsumedQueryReadsTheUnconsumedVaultRowsNotTheWholeMappedTable() {
    // A history of consumed XAU cash next to three unconsumed ones: the answer must not cost a
    // pass over the history (H2 planned the former "where exists (...)" as a mapped-table scan).
    List<StateAndRef<?>> history = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      history.add(new StateAndRef<>(new CashState(ALICE, BANK, 10_000 + i, "XAU"), ref()));
    }
    List<StateAndRef<?>> live = new ArrayList<>();
    for (long amount : new long[] {30, 10, 20}) {
      live.add(new StateAndRef<>(new CashState(ALICE, BANK, amount, "XAU"), ref()));
    }
    db.transaction(
        s -> {
          db.vault().record(history);
          db.vault().record(live);
          return null;
        });
    db.transaction(
        s -> {
          db.vault().consume(history.stream().map(StateAndRef::ref).toList());
          return null;
        });
    db.transaction(
        s -> {
          try (var st = db.jdbcSession().createStatement()) {
            st.execute("ANALYZE");
            st.execute("SET QUERY_STATISTICS TRUE");
          }
          return null;
        });
    try {
      List<Long> amounts =
          db.transaction(
              s ->
                  db
                      .vault()
                      .unconsumedQuery(
                          PersistentCashV1.class, "e.currency = 'XAU' order by e.amount")
                      .getResultList()
                      .stream()
                      .map(e -> e.amount)
                      .toList());
      assertThat(amounts).containsExactly(10L, 20L, 30L);
      String plan =
          db.transaction(
              s -> {
                String sql = null;
                try (var st = db.jdbcSession().createStatement();
                    ResultSet rs =
                        st.executeQuery(
                            "select SQL_STATEMENT from INFORMATION_SCHEMA.QUERY_STATISTICS"
                                + " where lower(SQL_STATEMENT) like '%from%cash_states_v1%'"
                                + " and lower(SQL_STATEMENT) like '%xau%'"
                                + " and lower(SQL_STATEMENT) not like '%query_statistics%'")) {
                  while (rs.next()) {
                    sql = rs.getString(1);
                  }
                }
                assertThat(sql).as("the query's SQL in H2's query statistics").isNotNull();
                try (var st = db.jdbcSession().createStatement();
                    ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
                  rs.next();
                  return rs.getString(1);
                }
              });
      assertThat(plan.toUpperCase(java.util.Locale.ROOT))
          .as(plan)
          .doesNotContain("CASH_STATES_V1.TABLESCAN")
          .contains("IX_VAULT_ST_STATUS");
    } finally {
      db.transaction(
          s -> {
            try (var st = db.jdbcSession().createStatement()) {
              st.execute("SET QUERY_STATISTICS FALSE");
            }
            return null;
          });
    }
  }

  @Test
  void aConditionWithOrStillSeesOnlyUnconsumedStates() {
    StateRef spent = ref();
    StateRef live = ref();
    long base = 1_000_000 + Math.abs(live.txId().hashCode() % 1_000_000) * 2L;
    db.transaction(
        s -> {
          db.vault()
              .record(
                  List.of(
                      new StateAndRef<>(new CashState(ALICE, BANK, base, "XTS"), spent),
                      new StateAndRef<>(new CashState(ALICE, BANK, base + 1, "XTS"), live)));
          return null;
        });
    db.transaction(
        s -> {
          db.vault().consume(List.of(spent));
          return null;
        });
    // A consumed state must never be offered for spending again, whatever the caller's condition:
    // here the consumed state matches the condition's last term.
    for (String condition :
        List.of(
            "e.amount = :a or e.amount = :b",
            "e.amount = :a or e.amount = :b order by e.amount desc",
            "(e.amount = :a) or (e.amount = :b) ORDER BY e.amount")) {
      List<Long> amounts =
          db.transaction(
              s ->
                  db
                      .vault()
                      .unconsumedQuery(PersistentCashV1.class, condition)
                      .setParameter("a", base + 1)
                      .setParameter("b", base)
                      .getResultList()
                      .stream()
                      .map(e -> e.amount)
                      .toList());
      assertThat(amounts).as(condition).containsExactly(base + 1);
    }
  }

  @Test
  void consumeHidesStatesFromUnconsumedQueriesAndRefusesBadRefsWithoutChanges() {
    StateRef a = ref();
    StateRef b = ref();
    db.transaction(
        s -> {
          db.vault()
              .record(
                  List.of(
                      new StateAndRef<>(new CashState(ALICE, BANK, 1, "CHF"), a),
                      new StateAndRef<>(new CashState(ALICE, BANK, 2, "CHF"), b)));
          return null;
        });
    db.transaction(
        s -> {
          db.vault().consume(List.of(a));
          return null;
        });
    List<Long> amounts =
        db.transaction(
            s ->
                db
                    .vault()
                    .unconsumedQuery(PersistentCashV1.class, "e.currency = 'CHF'")
                    .getResultList()
                    .stream()
                    .map(e -> e.amount)
                    .toList());
    assertThat(amounts).containsExactly(2L);

    StateRef unknown = ref();
    assertThatThrownBy(
            () ->
                db.transaction(
                    s -> {
                      db.vault().consume(List.of(b, unknown));
                      return null;
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(unknown.toString())
        .hasMessageContaining("not in the vault");
    assertThatThrownBy(
            () ->
                db.transaction(
                    s -> {
                      db.vault().consume(List.of(b, a));
                      return null;
                    }))
        .hasMessageContaining(a.toString())
        .hasMessageContaining("already consumed");
    StateStatus bStatus = db.transaction(s -> db.vault().state(b).orElseThrow().getStatus());
    assertThat(bStatus).isEqualTo(StateStatus.UNCONSUMED);
    java.time.Instant consumedAt =
        db.transaction(s -> db.vault().state(a).orElseThrow().getConsumedAt());
    assertThat(consumedAt).isNotNull();
  }

  @Test
  void recordingAfterOwnWritesInOneTransactionKeepsThemAndTheirEntitiesManaged() {
    StateRef old = ref();
    db.transaction(
        s -> {
          db.vault().record(List.of(new StateAndRef<>(new CashState(ALICE, BANK, 5, "SEK"), old)));
          return null;
        });
    // 130 states: more than one JDBC batch (50) and more than one chunk (100) per entity type.
    List<StateAndRef<?>> fresh = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      fresh.add(new StateAndRef<>(new CashState(ALICE, BANK, 1000 + i, "SEK"), ref()));
    }
    boolean stillManaged =
        db.transaction(
            s -> {
              var loaded = db.vault().state(old).orElseThrow();
              db.vault().consume(List.of(old)); // a pending update of a managed entity
              db.vault().record(fresh);
              // the new rows are visible to queries of the same transaction
              assertThat(db.vault().state(fresh.get(129).ref())).isPresent();
              return s.contains(loaded);
            });
    assertThat(stillManaged).isTrue();
    StateStatus oldStatus = db.transaction(s -> db.vault().state(old).orElseThrow().getStatus());
    assertThat(oldStatus).isEqualTo(StateStatus.CONSUMED);
    for (StateAndRef<?> f : List.of(fresh.get(0), fresh.get(64), fresh.get(129))) {
      assertThat(count("vault_states", f.ref())).isOne();
      assertThat(count("cash_states_v2", f.ref())).isOne();
      assertThat(count("exposures", f.ref())).isOne();
    }
  }

  @Test
  void aDuplicateInALaterBatchOfALargeRecordingLeavesNothing() {
    StateRef taken = ref();
    db.transaction(
        s -> {
          db.vault()
              .record(List.of(new StateAndRef<>(new CashState(ALICE, BANK, 7, "NOK"), taken)));
          return null;
        });
    List<StateAndRef<?>> batch = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      batch.add(new StateAndRef<>(new CashState(ALICE, BANK, i, "NOK"), ref()));
    }
    batch.add(110, new StateAndRef<>(new CashState(ALICE, BANK, 8, "NOK"), taken));
    assertThatThrownBy(
            () ->
                db.transaction(
                    s -> {
                      db.vault().record(batch);
                      return null;
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(taken.toString())
        .hasMessageContaining("already recorded");
    assertThat(count("vault_states", batch.get(0).ref())).isZero();
    assertThat(count("cash_states_v1", batch.get(0).ref())).isZero();
    assertThat(count("vault_states", batch.get(120).ref())).isZero();
  }

  @Test
  void recordingAStateTwiceIsRefusedNamingIt() {
    StateRef ref = ref();
    db.transaction(
        s -> {
          db.vault().record(List.of(new StateAndRef<>(new CashState(ALICE, BANK, 3, "GBP"), ref)));
          return null;
        });
    assertThatThrownBy(
            () ->
                db.transaction(
                    s -> {
                      db.vault()
                          .record(
                              List.of(
                                  new StateAndRef<>(new CashState(ALICE, BANK, 3, "GBP"), ref)));
                      return null;
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(ref.toString());
  }

  @Test
  void jdbcSessionSeesPendingOrmWritesAndJoinsUnconsumedVaultStates() {
    StateRef ref = ref();
    long total =
        db.transaction(
            s -> {
              db.vault()
                  .record(List.of(new StateAndRef<>(new CashState(ALICE, BANK, 42, "JPY"), ref)));
              Connection c = db.jdbcSession();
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "select sum(c.amount) from cash_states_v1 c join vault_states v"
                          + " on v.transaction_id = c.transaction_id"
                          + " and v.output_index = c.output_index"
                          + " where v.state_status = 'UNCONSUMED' and c.currency = 'JPY'"
                          + " and c.owner_name = ?")) {
                ps.setString(1, ALICE.name());
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getLong(1);
                }
              }
            });
    assertThat(total).isEqualTo(42);
  }

  @Test
  void theJdbcSessionRefusesToEndOrReconfigureTheTransaction() {
    db.transaction(
        s -> {
          Connection c = db.jdbcSession();
          assertThatThrownBy(c::close)
              .isInstanceOf(UnsupportedOperationException.class)
              .hasMessageContaining("close()");
          assertThatThrownBy(c::commit).isInstanceOf(UnsupportedOperationException.class);
          assertThatThrownBy(c::rollback).isInstanceOf(UnsupportedOperationException.class);
          assertThatThrownBy(() -> c.setAutoCommit(true))
              .isInstanceOf(UnsupportedOperationException.class);
          assertThatThrownBy(() -> c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE))
              .isInstanceOf(UnsupportedOperationException.class);
          assertThatThrownBy(() -> c.setSchema("OTHER"))
              .isInstanceOf(UnsupportedOperationException.class);
          assertThatThrownBy(() -> c.setCatalog("OTHER"))
              .isInstanceOf(UnsupportedOperationException.class);
          assertThat(c.getAutoCommit()).isFalse();
          assertThat(c.isClosed()).isFalse();
          return null;
        });
    assertThatThrownBy(db::jdbcSession)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside a transaction");
    assertThatThrownBy(db::currentSession)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("outside a transaction");
  }

  @Test
  void nestedTransactionsJoinAndARollbackLeavesNothing() {
    StateRef outerRef = ref();
    StateRef innerRef = ref();
    db.transaction(
        s -> {
          db.vault()
              .record(List.of(new StateAndRef<>(new CashState(ALICE, BANK, 1, "USD"), outerRef)));
          db.transaction(
              inner -> {
                assertThat(inner).isSameAs(s);
                assertThat(db.currentSession()).isSameAs(s);
                db.vault()
                    .record(
                        List.of(new StateAndRef<>(new CashState(ALICE, BANK, 2, "USD"), innerRef)));
                return null;
              });
          return null;
        });
    assertThat(count("vault_states", outerRef)).isOne();
    assertThat(count("vault_states", innerRef)).isOne();

    StateRef doomed = ref();
    assertThatThrownBy(
            () ->
                db.transaction(
                    s -> {
                      db.vault()
                          .record(
                              List.of(
                                  new StateAndRef<>(
                                      new TradeState(
                                          "doomed-" + doomed.txId().substring(0, 6),
                                          List.of(1L),
                                          ALICE),
                                      doomed)));
                      db.currentSession().flush();
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(count("vault_states", doomed)).isZero();
    assertThat(count("trades", doomed)).isZero();

    StateRef swallowed = ref();
    assertThatThrownBy(
            () ->
                db.transaction(
                    s -> {
                      db.vault()
                          .record(
                              List.of(
                                  new StateAndRef<>(
                                      new CashState(ALICE, BANK, 9, "USD"), swallowed)));
                      try {
                        db.transaction(
                            inner -> {
                              throw new IllegalArgumentException("inner failure");
                            });
                      } catch (IllegalArgumentException expected) {
                        // the outer transaction continues but must not commit
                      }
                      return null;
                    }))
        .isInstanceOf(TransactionFailedException.class)
        .hasMessageContaining("nested transaction failed");
    assertThat(count("vault_states", swallowed)).isZero();
  }

  @Test
  void retryableWorkRunsAgainAfterATransientFailureOthersDoNot() {
    AtomicInteger runs = new AtomicInteger();
    String result =
        db.transaction(
            TransactionWork.retryable(
                s -> {
                  if (runs.incrementAndGet() < 3) {
                    throw new SQLException("simulated serialization failure", "40001");
                  }
                  return "done";
                }));
    assertThat(result).isEqualTo("done");
    assertThat(runs).hasValue(3);

    AtomicInteger once = new AtomicInteger();
    assertThatThrownBy(
            () ->
                db.transaction(
                    s -> {
                      once.incrementAndGet();
                      throw new SQLException("simulated serialization failure", "40001");
                    }))
        .isInstanceOf(TransactionFailedException.class);
    assertThat(once).hasValue(1);
  }

  @Test
  void noColumnOfAnyTableHoldsAnEncodingOfAPublicKey() {
    Party anonOwner = Keys.party("AnonOwner");
    db.transaction(
        s -> {
          List<StateAndRef<?>> states = new ArrayList<>();
          states.add(new StateAndRef<>(new CashState(ALICE, BANK, 5, "SEK"), ref()));
          states.add(
              new StateAndRef<>(
                  new CashState(ALICE.anonymise(), BANK.anonymise(), 6, "SEK"), ref()));
          states.add(
              new StateAndRef<>(new CashState(STRANGER, anonOwner.anonymise(), 7, "SEK"), ref()));
          states.add(new StateAndRef<>(new ObligationState(STRANGER.anonymise(), 8, "SEK"), ref()));
          db.vault().record(states);
          return null;
        });
    List<String> needles = new ArrayList<>();
    for (Party p : List.of(ALICE, BANK, STRANGER, anonOwner)) {
      byte[] enc = p.owningKey().getEncoded();
      needles.add(Base64.getEncoder().encodeToString(enc));
      needles.add(Base64.getUrlEncoder().withoutPadding().encodeToString(enc));
      needles.add(HexFormat.of().formatHex(enc));
      needles.add(HexFormat.of().withUpperCase().formatHex(enc));
      needles.add(new String(enc, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    List<String> hits = new ArrayList<>();
    int[] cells = {0};
    db.transaction(
        s -> {
          Connection c = db.jdbcSession();
          List<String> tables = new ArrayList<>();
          try (ResultSet rs =
              c.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
            while (rs.next()) {
              tables.add(rs.getString("TABLE_NAME"));
            }
          }
          assertThat(tables).contains("VAULT_STATES", "CASH_STATES_V2", "EXPOSURES");
          for (String t : tables) {
            try (ResultSet rs = c.createStatement().executeQuery("select * from " + t)) {
              int n = rs.getMetaData().getColumnCount();
              while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                  Object value = rs.getObject(i);
                  if (value == null) {
                    continue;
                  }
                  byte[] raw =
                      value instanceof byte[] b
                          ? b
                          : value instanceof java.sql.Blob blob
                              ? blob.getBytes(1, (int) blob.length())
                              : String.valueOf(value)
                                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                  cells[0]++;
                  String asText = new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
                  String asHex = HexFormat.of().formatHex(raw);
                  for (String needle : needles) {
                    if (asText.contains(needle) || asHex.contains(needle.toLowerCase())) {
                      hits.add(t + "." + rs.getMetaData().getColumnName(i));
                    }
                  }
                }
              }
            }
          }
          return null;
        });
    assertThat(cells[0]).isGreaterThan(20);
    assertThat(hits).isEmpty();
    // Known parties are stored by name, unknown ones (and anonymous keys nobody owns) as NULL.
    List<Object[]> owners =
        db.transaction(
            s ->
                s.createQuery(
                        "select e.owner, e.issuer from CashV2 e where e.currency = 'SEK' order by e.amount",
                        Object[].class)
                    .getResultList());
    assertThat(owners.get(0)).containsExactly(ALICE, BANK);
    assertThat(owners.get(1)).containsExactly(ALICE, BANK);
    assertThat(owners.get(2)).containsExactly(null, null);
  }
}
