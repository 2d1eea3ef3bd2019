package io.ledgerkit.examples.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.examples.node.IouSchemaV1.PersistentIouV1;
import io.ledgerkit.examples.node.IouSchemaV2.PersistentIouV2;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.config.SchemaVersionPolicy;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.testkit.TestPersistence;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The node's flows, tested the way a node developer would: a fresh migrated database per test. */
class IouServiceTest {

  private static final Party BANK = Parties.named("Bank A");
  private static final Party SHOP = Parties.named("Shop B");

  /** Not in the identity service: stored as NULL. */
  private static final Party STRANGER = Parties.named("Stranger C");

  @RegisterExtension
  final TestPersistence persistence =
      TestPersistence.schemas(IouSchemaV1.class, IouSchemaV2.class)
          .withIdentityService(InMemoryIdentityService.of(BANK, SHOP));

  @Test
  void recordsBothVersionsConsumesAndQueriesWithJpaAndSql(PersistenceDatabase db) {
    IouService ious = new IouService(db);
    List<StateAndRef<IouState>> issued =
        ious.issue(
            List.of(
                new IouState(BANK, SHOP, 10_000, "EUR", "inv-1"),
                new IouState(BANK, SHOP, 2_500, "EUR", "inv-2"),
                new IouState(SHOP, BANK, 700, "GBP", "refund-7"),
                new IouState(STRANGER, SHOP, 40, "EUR", "x")));

    // Every state was written to both active versions of its schema.
    List<PersistentIouV1> v1 = db.transaction(s -> db.vault().unconsumed(PersistentIouV1.class));
    assertThat(v1).extracting(e -> e.amount).containsExactlyInAnyOrder(10_000L, 2_500L, 700L, 40L);

    ious.payOff(List.of(issued.get(1).ref()));

    assertThat(ious.outstanding("EUR"))
        .extracting(e -> e.reference, e -> e.amount)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("x", 40L),
            org.assertj.core.groups.Tuple.tuple("inv-1", 10_000L));
    assertThat(ious.owedPerLender())
        .isEqualTo(
            Map.of(BANK.name() + " EUR", 10_000L, SHOP.name() + " GBP", 700L, "null EUR", 40L));
  }

  @Test
  void partiesAreStoredAsX500NamesNeverKeys(PersistenceDatabase db) {
    new IouService(db).issue(List.of(new IouState(BANK, STRANGER, 1, "EUR", "r")));
    List<String> row =
        db.transaction(
            s -> {
              try (Statement st = db.jdbcSession().createStatement();
                  ResultSet rs =
                      st.executeQuery("SELECT lender_name, borrower_name FROM iou_states_v2")) {
                rs.next();
                return java.util.Arrays.asList(rs.getString(1), rs.getString(2));
              }
            });
    assertThat(row).containsExactly(BANK.name(), null);
  }

  @Test
  void withTheLatestVersionOnlyV2IsWritten() {
    try (PersistenceDatabase db =
        persistence.withVersionPolicy(IouSchema.class, SchemaVersionPolicy.LATEST).start()) {
      assertThat(db.schemaService().schemas()).containsExactly(new IouSchemaV2());
      new IouService(db).issue(List.of(new IouState(BANK, SHOP, 5, "EUR", "r")));
      List<PersistentIouV2> v2 = db.transaction(s -> db.vault().unconsumed(PersistentIouV2.class));
      assertThat(v2).hasSize(1);
    }
  }
}
