package io.ledgerkit.examples.node;

// tag::factory[]
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.examples.node.IouSchemaV2.PersistentIouV2;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import io.ledgerkit.persistence.testkit.TestPersistence;
import java.util.List;
import org.junit.jupiter.api.Test;

class IouVaultTest {

  @Test
  void recordsAnIou() {
    IouState iou = new IouState(Parties.named("Bank A"), Parties.named("Shop B"), 100, "EUR", "i1");
    List<StateAndRef<IouState>> states = List.of(new StateAndRef<>(iou, new StateRef("tx-1", 0)));

    try (PersistenceDatabase db =
        TestPersistence.schemas(IouSchemaV1.class, IouSchemaV2.class).start()) {
      db.transaction(
          s -> {
            db.vault().record(states);
            return null;
          });
      List<PersistentIouV2> stored =
          db.transaction(s -> db.vault().unconsumed(PersistentIouV2.class));
      assertThat(stored).extracting(e -> e.amount).containsExactly(100L);
    }
  }
}
// end::factory[]
