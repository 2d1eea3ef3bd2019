package io.ledgerkit.examples.node;

// tag::extension[]
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.config.SchemaVersionPolicy;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.testkit.TestPersistence;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IouExtensionTest {
  static final Party BANK = Parties.named("Bank A");
  static final Party SHOP = Parties.named("Shop B");

  @RegisterExtension
  static final TestPersistence persistence =
      TestPersistence.packages("io.ledgerkit.examples.node") // every MappedSchema in the package
          .withVersionPolicy(IouSchema.class, SchemaVersionPolicy.LATEST) // only IouSchemaV2
          .withSchemaOptions(IouSchema.class, SchemaOptions.tablePrefix("acme_"))
          .withIdentityService(InMemoryIdentityService.of(BANK, SHOP));

  @Test
  void recordsIous(PersistenceDatabase db) {
    IouService ious = new IouService(db);
    ious.issue(List.of(new IouState(BANK, SHOP, 250, "EUR", "inv-1")));

    assertThat(ious.outstanding("EUR")).extracting(e -> e.amount).containsExactly(250L);
    long rows =
        db.transaction(
            s -> {
              try (Statement st = db.jdbcSession().createStatement();
                  ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM acme_iou_states_v2")) {
                rs.next();
                return rs.getLong(1);
              }
            });
    assertThat(rows).isEqualTo(1);
  }
}
// end::extension[]
