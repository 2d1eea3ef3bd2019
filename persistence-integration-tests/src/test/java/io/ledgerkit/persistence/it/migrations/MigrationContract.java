package io.ledgerkit.persistence.it.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.migrations.ChangeSetRef;
import io.ledgerkit.persistence.migrations.Confirmation;
import io.ledgerkit.persistence.migrations.OutstandingMigrationsException;
import io.ledgerkit.persistence.migrations.RollbackResult;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.migrations.SqlDialect;
import io.ledgerkit.persistence.migrations.SqlScripts;
import io.ledgerkit.persistence.migrations.UnknownChangeSetsException;
import io.ledgerkit.persistence.migrations.fixtures.TestAttachmentsOldRelease;
import io.ledgerkit.persistence.migrations.fixtures.TestAttachmentsSchemaV1;
import io.ledgerkit.persistence.migrations.fixtures.TestNotesSchemaV1;
import io.ledgerkit.persistence.schema.SchemaOptions;
import io.ledgerkit.persistence.testkit.TestDatabase;
import io.ledgerkit.persistence.testkit.TestDatabaseKind;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The migration behaviour every database must show; subclasses register the database. */
abstract class MigrationContract {

  /**
   * The database of the current test.
   *
   * @return the database
   */
  protected abstract TestDatabase db();

  private SchemaMigration.Builder configure() {
    return SchemaMigration.configure().dataSource(db().dataSource());
  }

  private SchemaMigration fixtures() {
    return configure().schema(new TestAttachmentsSchemaV1()).schema(new TestNotesSchemaV1()).load();
  }

  /** The dialect of the running server (MariaDB answers as MySQL kind). */
  private SqlDialect dialect() throws Exception {
    return switch (db().kind()) {
      case H2 -> SqlDialect.H2;
      case POSTGRESQL -> SqlDialect.POSTGRESQL;
      case MSSQL -> SqlDialect.MSSQL;
      case ORACLE -> SqlDialect.ORACLE;
      case MYSQL -> {
        try (Connection c = db().dataSource().getConnection()) {
          String product = c.getMetaData().getDatabaseProductVersion().toLowerCase(Locale.ROOT);
          yield product.contains("mariadb") ? SqlDialect.MARIADB : SqlDialect.MYSQL;
        }
      }
    };
  }

  private static final List<String> ALL_IDS_PORTABLE =
      List.of("test-attachments-init-1", "test-attachments-v4-1", "test-attachments-v12-1");

  @Test
  void migrateEmptyDatabaseThenNoOpAndVerify() throws Exception {
    SchemaMigration m = fixtures();
    assertThatThrownBy(m::verify)
        .isInstanceOf(OutstandingMigrationsException.class)
        .hasMessageContaining("test-attachments-init-1 (migration/test-attachments-init.xml)")
        .hasMessageContaining("ledgerkit migrate");
    List<ChangeSetRef> applied = m.migrate();
    assertThat(applied)
        .extracting(ChangeSetRef::id)
        .containsAll(ALL_IDS_PORTABLE)
        .contains("test-notes-1");
    // exactly one backfill, the one of this database
    assertThat(applied)
        .filteredOn(c -> c.id().startsWith("test-attachments-v12-") && !c.id().endsWith("-1"))
        .hasSize(1);
    assertThat(applied).hasSize(5);
    m.verify();
    assertThat(m.migrate()).isEmpty();
    assertThat(Metadata.tables(db(), db().schema())).containsKeys("ATTACHMENT", "NOTE");
    assertThat(Metadata.history(db())).hasSize(5).doesNotHaveDuplicates();
  }

  @Test
  void upgradeBackfillsContentSizeAndRollbackToTagDropsIt() throws Exception {
    configure().schema(new TestAttachmentsOldRelease()).load().migrate();
    SchemaMigration m = configure().schema(new TestAttachmentsSchemaV1()).load();
    m.tag("release-1");
    try (Connection c = db().dataSource().getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO attachment (att_id, content, filename, uploader, insertion_date)"
                    + " VALUES (?, ?, 'a.zip', 'alice', ?)")) {
      for (int size : new int[] {0, 5, 70_000}) {
        p.setString(1, "att-" + size);
        p.setBytes(2, new byte[size]);
        p.setTimestamp(3, new Timestamp(86_400_000L));
        p.executeUpdate();
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    assertThat(m.migrate()).hasSize(3);
    List<String> rows = new ArrayList<>();
    try (Connection c = db().dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT att_id, content_size FROM attachment ORDER BY att_id")) {
      while (rs.next()) {
        rows.add(rs.getString(1) + "=" + rs.getLong(2));
      }
    }
    assertThat(rows).containsExactly("att-0=0", "att-5=5", "att-70000=70000");

    m.rollbackToTag("release-1");
    assertThat(Metadata.tables(db(), db().schema()).get("ATTACHMENT"))
        .noneMatch(c -> c.startsWith("CONTENT_SIZE:"))
        .noneMatch(c -> c.startsWith("CONTENT_TYPE:"));
    assertThat(m.status().get(0).pending()).hasSize(3);
    assertThat(Metadata.history(db()))
        .containsExactly("test-attachments-init-1@migration/test-attachments-init.xml");
  }

  @Test
  void rollbackToATagWithChangelogsThatLackLaterChangeSetsIsRefusedOrForgetsThem()
      throws Exception {
    configure().schema(new TestAttachmentsOldRelease()).load().migrate();
    configure().schema(new TestAttachmentsOldRelease()).load().tag("release-1");
    configure().schema(new TestAttachmentsSchemaV1()).load().migrate();
    List<String> before = Metadata.history(db());
    SchemaMigration old = configure().schema(new TestAttachmentsOldRelease()).load();
    assertThatThrownBy(() -> old.rollbackToTag("release-1"))
        .isInstanceOf(UnknownChangeSetsException.class)
        .hasMessageContaining("nothing was rolled back")
        .hasMessageContaining("test-attachments-v4-1 (migration/test-attachments-v4.xml)")
        .hasMessageContaining("--forget-unknown");
    assertThat(Metadata.history(db())).isEqualTo(before);
    RollbackResult forgot =
        configure()
            .schema(new TestAttachmentsOldRelease())
            .forgetUnknownChangeSets(true)
            .load()
            .rollbackToTag("release-1");
    assertThat(forgot.rolledBack()).isEmpty();
    assertThat(forgot.forgotten()).hasSize(3);
    assertThat(Metadata.history(db()))
        .containsExactly("test-attachments-init-1@migration/test-attachments-init.xml");
    // nothing ran: the column the newer release added stays
    assertThat(Metadata.tables(db(), db().schema()).get("ATTACHMENT"))
        .anyMatch(c -> c.startsWith("CONTENT_SIZE:"));
    old.verify();
  }

  @Test
  void offlineScriptBuildsTheSameSchemaAsMigrate() throws Exception {
    StringWriter sql = new StringWriter();
    SchemaMigration.configure()
        .schema(new TestAttachmentsSchemaV1())
        .schema(new TestNotesSchemaV1())
        .load()
        .generateSql(dialect(), sql);
    try (Connection c = db().dataSource().getConnection();
        Statement s = c.createStatement()) {
      for (String statement : SqlScripts.statements(sql.toString())) {
        s.execute(statement);
      }
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
    var fromScript = Metadata.tables(db(), db().schema());
    List<String> scriptedHistory = Metadata.history(db());
    assertThat(fromScript).containsKeys("ATTACHMENT", "NOTE", "DATABASECHANGELOG");
    // the scripted database is recognised as up to date
    SchemaMigration m = fixtures();
    m.verify();

    m.dropAll(Confirmation.YES_DROP_EVERYTHING);
    assertThat(Metadata.tables(db(), db().schema())).isEmpty();
    m.migrate();
    var fromMigrate = Metadata.tables(db(), db().schema());
    assertThat(fromMigrate.remove("DATABASECHANGELOGLOCK")).isNotNull();
    assertThat(fromScript).isEqualTo(fromMigrate);
    assertThat(scriptedHistory).isEqualTo(Metadata.history(db()));
  }

  @Test
  void fourThreadsMigratingOneEmptyDatabaseApplyEachChangeSetOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<List<ChangeSetRef>>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        tasks.add(() -> fixtures().migrate());
      }
      int total = 0;
      for (Future<List<ChangeSetRef>> f : pool.invokeAll(tasks)) {
        total += f.get().size();
      }
      assertThat(total).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
    assertThat(Metadata.history(db())).hasSize(5).doesNotHaveDuplicates();
    fixtures().verify();
  }

  @Test
  void prefixAndDatabaseSchemaOptionsGivePrefixedTablesInTheNamedSchema() throws Exception {
    String schema = "lk_" + UUID.randomUUID().toString().substring(0, 8);
    try {
      SchemaMigration m =
          configure()
              .schemas(
                  Map.of(
                      new TestAttachmentsSchemaV1(),
                      new SchemaOptions(schema, "acme_"),
                      new TestNotesSchemaV1(),
                      SchemaOptions.tablePrefix("acme_")))
              .load();
      assertThat(m.migrate()).hasSize(5);
      m.verify();
      assertThat(Metadata.tables(db(), schema)).containsOnlyKeys("ACME_ATTACHMENT");
      assertThat(Metadata.tables(db(), db().schema()))
          .containsOnlyKeys("ACME_NOTE", "DATABASECHANGELOG", "DATABASECHANGELOGLOCK");
      assertThat(Metadata.history(db()))
          .contains(
              "test-attachments-init-1@schema-"
                  + schema
                  + "/prefix-acme_/migration/test-attachments-init.xml");
    } finally {
      try (Connection c = db().dataSource().getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            db().kind() == TestDatabaseKind.MYSQL
                ? "DROP DATABASE IF EXISTS " + schema
                : "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      }
    }
    assertThatThrownBy(() -> SchemaOptions.tablePrefix("x; drop table y"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
