package io.ledgerkit.persistence.testkit.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import io.ledgerkit.persistence.testkit.TestPersistence;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** TestPersistence as a class-scoped extension and as a plain factory. */
class TestPersistenceTest {

  @RegisterExtension
  static final TestPersistence persistence =
      TestPersistence.packages("io.ledgerkit.persistence.testkit.jpa");

  @Test
  void theExtensionInjectsAMigratedDatabaseWithThePackagesSchemas(PersistenceDatabase db) {
    db.transaction(
        s -> {
          db.vault()
              .record(
                  List.of(
                      new StateAndRef<>(
                          new NoteSchemaV1.NoteState("hello"), new StateRef("tx-ext", 0))));
          return null;
        });
    List<String> texts =
        db.transaction(
            s ->
                db.vault().unconsumed(NoteSchemaV1.PersistentNote.class).stream()
                    .map(n -> n.text)
                    .toList());
    assertThat(texts).contains("hello");
  }

  @Test
  void thePlainFactoryGivesAFreshDatabaseEachTime() {
    try (PersistenceDatabase a = TestPersistence.schemas(NoteSchemaV1.class).start();
        PersistenceDatabase b = TestPersistence.schemas(NoteSchemaV1.class).start()) {
      a.transaction(
          s -> {
            a.vault()
                .record(
                    List.of(
                        new StateAndRef<>(
                            new NoteSchemaV1.NoteState("only in a"), new StateRef("tx-a", 0))));
            return null;
          });
      int inA = a.transaction(s -> a.vault().unconsumed(NoteSchemaV1.PersistentNote.class).size());
      int inB = b.transaction(s -> b.vault().unconsumed(NoteSchemaV1.PersistentNote.class).size());
      assertThat(inA).isEqualTo(1);
      assertThat(inB).isZero();
    }
  }
}
