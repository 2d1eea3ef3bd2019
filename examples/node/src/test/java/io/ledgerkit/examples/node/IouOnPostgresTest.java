package io.ledgerkit.examples.node;

// tag::postgres[]
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.examples.node.IouSchemaV1.PersistentIouV1;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseExtension;
import io.ledgerkit.persistence.testkit.TestPersistence;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IouOnPostgresTest {
  @RegisterExtension static final TestDatabaseExtension pg = TestDatabaseExtension.postgres();

  @Test
  void onPostgres(TestDatabase d) {
    try (PersistenceDatabase db = TestPersistence.schemas(IouSchemaV1.class).start(d)) {
      IouState iou = new IouState(Parties.named("Bank A"), Parties.named("Shop B"), 70, "EUR", "x");
      new IouService(db).issue(List.of(iou));
      List<PersistentIouV1> stored =
          db.transaction(s -> db.vault().unconsumed(PersistentIouV1.class));
      assertThat(stored).extracting(e -> e.amount).containsExactly(70L);
    }
  }
}
// end::postgres[]
