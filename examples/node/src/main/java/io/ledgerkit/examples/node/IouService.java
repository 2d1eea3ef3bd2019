package io.ledgerkit.examples.node;

import io.ledgerkit.examples.node.IouSchemaV2.PersistentIouV2;
import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.jpa.schemas.VaultSchemaV1;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.schema.StateAndRef;
import io.ledgerkit.persistence.schema.StateRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The node's IOU flows on the vault: issue (record), pay off (consume), and two queries — one
 * through JPA on the mapped entity, one in SQL on the transaction's {@code jdbcSession()}.
 */
public final class IouService {

  private final PersistenceDatabase db;

  /**
   * Creates the service.
   *
   * @param db the node's database
   */
  public IouService(PersistenceDatabase db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  /**
   * Records new IOUs as the outputs of one new transaction.
   *
   * @param ious the states
   * @return the recorded states with their refs
   */
  public List<StateAndRef<IouState>> issue(List<IouState> ious) {
    String txId = "tx-" + UUID.randomUUID().toString().replace("-", "");
    List<StateAndRef<IouState>> recorded =
        java.util.stream.IntStream.range(0, ious.size())
            .mapToObj(i -> new StateAndRef<>(ious.get(i), new StateRef(txId, i)))
            .toList();
    db.transaction(
        session -> {
          db.vault().record(recorded);
          return null;
        });
    return recorded;
  }

  /**
   * Marks IOUs paid off: they are consumed in the vault and leave every "unconsumed" query.
   *
   * @param refs the IOUs
   */
  public void payOff(List<StateRef> refs) {
    db.transaction(
        session -> {
          db.vault().consume(refs);
          return null;
        });
  }

  /**
   * The outstanding (unconsumed) IOUs in a currency, smallest first, through JPA.
   *
   * @param currency the ISO currency code
   * @return the mapped rows of schema version 2
   */
  public List<PersistentIouV2> outstanding(String currency) {
    return db.transaction(
        session ->
            db.vault()
                .unconsumedQuery(PersistentIouV2.class, "e.currency = :ccy order by e.amount")
                .setParameter("ccy", currency)
                .getResultList());
  }

  /**
   * The total outstanding per lender (X.500 name) and currency, in SQL on the transaction's JDBC
   * connection. Table names follow the configured table prefixes.
   *
   * @return {@code "<lender> <currency>"} to total
   */
  public Map<String, Long> owedPerLender() {
    String ious = table(new IouSchemaV2(), "iou_states_v2");
    String vault = table(new VaultSchemaV1(), "vault_states");
    String sql =
        "SELECT i.lender_name, i.currency, SUM(i.amount) FROM "
            + ious
            + " i JOIN "
            + vault
            + " v ON v.transaction_id = i.transaction_id AND v.output_index = i.output_index"
            + " WHERE v.state_status = 'UNCONSUMED' GROUP BY i.lender_name, i.currency";
    return db.transaction(
        session -> {
          Map<String, Long> totals = new TreeMap<>();
          Connection c = db.jdbcSession(); // owned by the transaction: do not close it
          try (PreparedStatement ps = c.prepareStatement(sql);
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              totals.put(rs.getString(1) + " " + rs.getString(2), rs.getLong(3));
            }
          } catch (SQLException e) {
            throw new IllegalStateException("query of outstanding IOUs failed: " + e, e);
          }
          return totals;
        });
  }

  /** A table's name as the schema options place it: {@code [databaseSchema.]prefix + name}. */
  private String table(MappedSchema schema, String name) {
    SchemaOptions o = db.schemaService().schemaOptions(schema);
    return (o.databaseSchema() == null ? "" : o.databaseSchema() + ".") + o.prefix() + name;
  }
}
