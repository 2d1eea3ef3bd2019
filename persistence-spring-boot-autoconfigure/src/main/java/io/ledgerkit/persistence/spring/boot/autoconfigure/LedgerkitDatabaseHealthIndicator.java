package io.ledgerkit.persistence.spring.boot.autoconfigure;

import io.ledgerkit.persistence.jpa.PersistenceDatabase;
import io.ledgerkit.persistence.migrations.ChangeSetRef;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.migrations.SchemaStatus;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The health of Ledgerkit's database ({@code ledgerkitDatabase}): {@code UP} when it answers and
 * every active schema's changelog is applied; {@code OUT_OF_SERVICE} when change sets are pending
 * (listed per schema in the details, for example after another instance's code moved ahead); {@code
 * DOWN} when the database cannot be reached. Each check opens one connection and reads the
 * migration history; it writes nothing.
 */
public final class LedgerkitDatabaseHealthIndicator extends AbstractHealthIndicator {

  private final PersistenceDatabase database;

  /**
   * Creates the indicator.
   *
   * @param database the database
   */
  public LedgerkitDatabaseHealthIndicator(PersistenceDatabase database) {
    super("Ledgerkit database health check failed");
    this.database = Objects.requireNonNull(database, "database");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) throws Exception {
    try (Connection c = database.dataSource().getConnection()) {
      DatabaseMetaData metaData = c.getMetaData();
      builder.withDetail(
          "database",
          metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion());
    }
    List<SchemaStatus> status =
        SchemaMigration.configure()
            .dataSource(database.dataSource())
            .schemas(database.activeSchemas())
            .load()
            .status();
    Map<String, List<String>> pending = new LinkedHashMap<>();
    for (SchemaStatus s : status) {
      if (!s.pending().isEmpty()) {
        pending.put(s.schema(), s.pending().stream().map(ChangeSetRef::toString).toList());
      }
    }
    builder.withDetail("schemas", status.size());
    if (pending.isEmpty()) {
      builder.up().withDetail("migrations", "up to date");
    } else {
      builder
          .outOfService()
          .withDetail("migrations", "pending")
          .withDetail("pending", pending)
          .withDetail(
              "fix",
              "run the migrations: ledgerkit migrate, or start with"
                  + " ledgerkit.database.run-migration=true");
    }
  }
}
