package io.ledgerkit.examples.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.identity.InMemoryIdentityService;
import io.ledgerkit.persistence.identity.Party;
import io.ledgerkit.persistence.jpa.Ledgerkit;
import io.ledgerkit.persistence.schema.MappedSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The node started the production way, {@code Ledgerkit.start}: its schemas are found through
 * {@code META-INF/services}, and the configuration's version policy and per-family table prefix
 * (here from environment variables) reach both the migration and the queries.
 */
class NodeOnLedgerkitTest {

  @Test
  void configurationChoosesTheVersionAndTheTablePrefixOfTheNodesSchema() throws Exception {
    Party bank = Parties.named("Bank A");
    Party shop = Parties.named("Shop B");
    LedgerkitConfig config =
        LedgerkitConfig.configure()
            .environment(
                Map.of(
                    "LEDGERKIT_DATABASE_URL",
                    "jdbc:h2:mem:node-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    "LEDGERKIT_DATABASE_RUN_MIGRATION",
                    "true",
                    "LEDGERKIT_SCHEMAS_VERSION_POLICY",
                    "LATEST",
                    "LEDGERKIT_SCHEMAS_IOU_SCHEMA_TABLE_PREFIX",
                    "node_"))
            .load();
    try (Ledgerkit ledgerkit =
        Ledgerkit.configure(config)
            .identityService(InMemoryIdentityService.of(bank, shop))
            .start()) {
      List<MappedSchema> iouSchemas =
          ledgerkit.database().schemaService().schemas().stream()
              .filter(s -> s.schemaFamily() == IouSchema.class)
              .toList();
      assertThat(iouSchemas).containsExactly(new IouSchemaV2());

      IouService ious = new IouService(ledgerkit.database());
      ious.issue(List.of(new IouState(bank, shop, 300, "EUR", "a")));
      assertThat(ious.outstanding("EUR")).hasSize(1);
      assertThat(ious.owedPerLender()).isEqualTo(Map.of(bank.name() + " EUR", 300L));

      List<String> tables = new ArrayList<>();
      try (Connection c = ledgerkit.dataSource().getConnection();
          ResultSet rs = c.getMetaData().getTables(null, null, "%IOU%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
      // The family's changelog runs whole (both change sets); the ORM maps only V2, prefixed.
      assertThat(tables).containsExactlyInAnyOrder("node_iou_states_v1", "node_iou_states_v2");
    }
  }
}
