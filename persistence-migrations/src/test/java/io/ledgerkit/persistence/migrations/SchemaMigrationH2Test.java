package io.ledgerkit.persistence.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.migrations.fixtures.NoChangelogSchemaV1;
import io.ledgerkit.persistence.migrations.fixtures.TestAttachmentsOldRelease;
import io.ledgerkit.persistence.migrations.fixtures.TestAttachmentsSchemaV1;
import io.ledgerkit.persistence.migrations.fixtures.TestNotesSchemaV1;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchemaMigrationH2Test {

  private final String url = H2Databases.freshUrl();

  private SchemaMigration.Builder configure() {
    return SchemaMigration.configure().url(url, "sa", "");
  }

  private SchemaMigration both() {
    return configure().schema(new TestAttachmentsSchemaV1()).schema(new TestNotesSchemaV1()).load();
  }

  @Test
  void verifyFailsBeforeMigrateListingPendingChangeSetsAndPassesAfter() throws Exception {
    SchemaMigration m = both();
    assertThatThrownBy(m::verify)
        .isInstanceOf(OutstandingMigrationsException.class)
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("schema " + TestAttachmentsSchemaV1.class.getPackageName())
        .hasMessageContaining("test-attachments-init-1 (migration/test-attachments-init.xml)")
        .hasMessageContaining("test-attachments-v12-3 (migration/test-attachments-v12.xml)")
        .hasMessageContaining("test-notes-1 (migration/test-notes.changelog-master.xml)")
        .hasMessageContaining("runMigration=true")
        .hasMessageContaining("ledgerkit migrate")
        // dbms-restricted change sets of other databases are not pending on H2
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("test-attachments-v12-2"));
    // verify wrote nothing: still no history table
    try (Connection c = H2Databases.open(url)) {
      assertThat(H2Databases.tables(c, "PUBLIC")).isEmpty();
    }

    List<ChangeSetRef> applied = m.migrate();
    assertThat(applied)
        .extracting(ChangeSetRef::id)
        .containsExactly(
            "test-attachments-init-1",
            "test-attachments-v4-1",
            "test-attachments-v12-1",
            "test-attachments-v12-3",
            "test-notes-1");
    m.verify();
    assertThat(m.migrate()).isEmpty();
    try (Connection c = H2Databases.open(url)) {
      assertThat(H2Databases.tables(c, "PUBLIC"))
          .containsOnlyKeys("ATTACHMENT", "NOTE", "DATABASECHANGELOG", "DATABASECHANGELOGLOCK");
      assertThat(H2Databases.tables(c, "PUBLIC").get("ATTACHMENT"))
          .contains("CONTENT_SIZE:BIGINT", "CONTENT_TYPE:CHARACTER VARYING");
      assertThat(H2Databases.history(c)).hasSize(5).doesNotHaveDuplicates();
    }
  }

  @Test
  void startupMigratesOnlyWithRunMigration() {
    SchemaMigration verifying = configure().schema(new TestNotesSchemaV1()).load();
    assertThat(verifying.runMigration()).isFalse();
    assertThatThrownBy(verifying::startup).isInstanceOf(OutstandingMigrationsException.class);
    StartupResult migrated =
        configure().schema(new TestNotesSchemaV1()).runMigration(true).load().startup();
    assertThat(migrated.migrated()).isTrue();
    assertThat(migrated.applied()).isNotEmpty().allMatch(c -> c.schema() != null);
    assertThat(migrated.duration()).isPositive();
    StartupResult verified = verifying.startup();
    assertThat(verified.migrated()).isFalse();
    assertThat(verified.applied()).isEmpty();
    assertThat(verified.duration()).isPositive();
    assertThat(configure().schema(new TestNotesSchemaV1()).runMigration(true).load().startup())
        .as("a second migrate applies nothing")
        .satisfies(r -> assertThat(r.applied()).isEmpty());
  }

  @Test
  void statusReportsAppliedPendingAndLastTag() {
    SchemaMigration m = both();
    List<SchemaStatus> before = m.status();
    assertThat(before).hasSize(2);
    assertThat(before.get(0).applied()).isEmpty();
    assertThat(before.get(0).pending()).hasSize(4);
    assertThat(before.get(0).upToDate()).isFalse();
    assertThat(before.get(0).changelog())
        .isEqualTo("migration/test-attachments.changelog-master.xml");
    m.migrate();
    m.tag("release-1");
    List<SchemaStatus> after = m.status();
    assertThat(after.get(0).applied())
        .extracting(ChangeSetRef::id)
        .containsExactly(
            "test-attachments-init-1",
            "test-attachments-v4-1",
            "test-attachments-v12-1",
            "test-attachments-v12-3");
    assertThat(after.get(1).applied()).extracting(ChangeSetRef::id).containsExactly("test-notes-1");
    assertThat(after).allSatisfy(s -> assertThat(s.upToDate()).isTrue());
    assertThat(after).allSatisfy(s -> assertThat(s.lastTag()).isEqualTo("release-1"));
    assertThatThrownBy(() -> m.tag("release-1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already exists");
  }

  @Test
  void upgradeBackfillsContentSizeAndRollbackToTagRemovesIt() throws Exception {
    // The database as an old release left it: only the init change set.
    MappedSchema oldRelease = new TestAttachmentsOldRelease();
    configure().schema(oldRelease).load().migrate();
    SchemaMigration m = configure().schema(new TestAttachmentsSchemaV1()).load();
    m.tag("before-upgrade");
    try (Connection c = H2Databases.open(url);
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO attachment (att_id, content, filename, uploader, insertion_date)"
                    + " VALUES (?, ?, 'a.zip', 'alice', ?)")) {
      for (int size : new int[] {0, 3, 1000}) {
        p.setString(1, "att-" + size);
        p.setBytes(2, new byte[size]);
        p.setTimestamp(3, new Timestamp(0));
        p.executeUpdate();
      }
    }
    assertThat(m.status().get(0).pending())
        .extracting(ChangeSetRef::id)
        .containsExactly(
            "test-attachments-v4-1", "test-attachments-v12-1", "test-attachments-v12-3");

    m.migrate();
    try (Connection c = H2Databases.open(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT att_id, content_size FROM attachment ORDER BY att_id")) {
      List<String> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(rs.getString(1) + "=" + rs.getLong(2));
      }
      assertThat(rows).containsExactly("att-0=0", "att-1000=1000", "att-3=3");
    }

    m.rollbackToTag("before-upgrade");
    try (Connection c = H2Databases.open(url)) {
      assertThat(H2Databases.tables(c, "PUBLIC").get("ATTACHMENT"))
          .noneMatch(col -> col.startsWith("CONTENT_SIZE:"))
          .noneMatch(col -> col.startsWith("CONTENT_TYPE:"));
      assertThat(H2Databases.history(c))
          .containsExactly("test-attachments-init-1@migration/test-attachments-init.xml");
    }
    assertThat(m.status().get(0).pending()).hasSize(3);
    assertThatThrownBy(() -> m.rollbackToTag("no-such-tag"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no-such-tag");
  }

  @Test
  void rollbackToATagWithChangelogsThatLackLaterChangeSetsIsRefusedOrForgetsThem()
      throws Exception {
    // release 1 applied only the init change set and was tagged; release 2 then upgraded
    configure().schema(new TestAttachmentsOldRelease()).load().migrate();
    configure().schema(new TestAttachmentsOldRelease()).load().tag("release-1");
    configure().schema(new TestAttachmentsSchemaV1()).load().migrate();
    configure().schema(new TestAttachmentsSchemaV1()).load().tag("release-2");
    List<String> historyBefore;
    try (Connection c = H2Databases.open(url)) {
      historyBefore = H2Databases.history(c);
    }

    // rolling back with release 1's changelogs: they do not know v4/v12, so nothing can be undone
    SchemaMigration old = configure().schema(new TestAttachmentsOldRelease()).load();
    assertThatThrownBy(() -> old.rollbackToTag("release-1"))
        .isInstanceOf(UnknownChangeSetsException.class)
        .hasMessageContaining("rollback to tag 'release-1' refused, nothing was rolled back")
        .hasMessageContaining("test-attachments-v4-1 (migration/test-attachments-v4.xml)")
        .hasMessageContaining("test-attachments-v12-3 (migration/test-attachments-v12.xml)")
        .hasMessageContaining("newer release")
        .hasMessageContaining("--forget-unknown")
        .hasMessageContaining("forgetUnknownChangeSets(true)")
        .satisfies(
            e ->
                assertThat(((UnknownChangeSetsException) e).unknown())
                    .extracting(ChangeSetRef::id)
                    .containsExactly(
                        "test-attachments-v4-1",
                        "test-attachments-v12-1",
                        "test-attachments-v12-3"));
    try (Connection c = H2Databases.open(url)) {
      assertThat(H2Databases.history(c)).isEqualTo(historyBefore);
      assertThat(H2Databases.tables(c, "PUBLIC").get("ATTACHMENT"))
          .anyMatch(col -> col.startsWith("CONTENT_SIZE:"));
    }
    assertThat(old.status().get(0).lastTag()).isEqualTo("release-2");

    // with the explicit flag, the unknown rows are removed from the history and nothing runs
    RollbackResult forgot =
        configure()
            .schema(new TestAttachmentsOldRelease())
            .forgetUnknownChangeSets(true)
            .load()
            .rollbackToTag("release-1");
    assertThat(forgot.rolledBack()).isEmpty();
    assertThat(forgot.forgotten())
        .extracting(ChangeSetRef::id)
        .containsExactly(
            "test-attachments-v4-1", "test-attachments-v12-1", "test-attachments-v12-3");
    try (Connection c = H2Databases.open(url)) {
      assertThat(H2Databases.history(c))
          .containsExactly("test-attachments-init-1@migration/test-attachments-init.xml");
      // nothing ran: the columns release 2 added are still there
      assertThat(H2Databases.tables(c, "PUBLIC").get("ATTACHMENT"))
          .anyMatch(col -> col.startsWith("CONTENT_SIZE:"));
    }
    assertThat(old.status().get(0).lastTag()).isEqualTo("release-1");
    old.verify();
  }

  @Test
  void rollbackToATagWithTheNewerChangelogsRollsBackAndReportsIt() {
    configure().schema(new TestAttachmentsOldRelease()).load().migrate();
    SchemaMigration m = configure().schema(new TestAttachmentsSchemaV1()).load();
    m.tag("release-1");
    m.migrate();
    RollbackResult result = m.rollbackToTag("release-1");
    assertThat(result.rolledBack())
        .extracting(ChangeSetRef::id)
        .containsExactly(
            "test-attachments-v12-3", "test-attachments-v12-1", "test-attachments-v4-1");
    assertThat(result.forgotten()).isEmpty();
  }

  @Test
  void rollbackCountUndoesTheMostRecentChangeSetsAcrossSchemas() throws Exception {
    SchemaMigration m = both();
    m.migrate();
    List<ChangeSetRef> undone = m.rollbackCount(2);
    assertThat(undone)
        .extracting(ChangeSetRef::id)
        .containsExactly("test-notes-1", "test-attachments-v12-3");
    try (Connection c = H2Databases.open(url)) {
      assertThat(H2Databases.tables(c, "PUBLIC")).doesNotContainKey("NOTE");
      assertThat(H2Databases.history(c)).hasSize(3);
    }
    assertThatThrownBy(() -> m.rollbackCount(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> m.rollbackCount(4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 3");
    assertThat(m.migrate())
        .extracting(ChangeSetRef::id)
        .containsExactly("test-attachments-v12-3", "test-notes-1");
  }

  @Test
  void tablePrefixAndDatabaseSchemaGiveSeparateTablesAndHistoryIdentities() throws Exception {
    SchemaMigration m =
        configure()
            .schema(new TestAttachmentsSchemaV1())
            .schemas(Map.of(new TestNotesSchemaV1(), new SchemaOptions("ledger", "acme_")))
            .load();
    m.migrate();
    // the same changelog again, with another prefix: must not collide with the first run
    SchemaMigration other =
        configure().schema(new TestAttachmentsSchemaV1(), SchemaOptions.tablePrefix("b2_")).load();
    assertThat(other.migrate()).hasSize(4);
    other.verify();
    m.verify();
    try (Connection c = H2Databases.open(url)) {
      assertThat(H2Databases.tables(c, "LEDGER")).containsOnlyKeys("ACME_NOTE");
      assertThat(H2Databases.tables(c, "PUBLIC"))
          .containsOnlyKeys(
              "ATTACHMENT", "B2_ATTACHMENT", "DATABASECHANGELOG", "DATABASECHANGELOGLOCK");
      assertThat(H2Databases.history(c))
          .hasSize(9)
          .doesNotHaveDuplicates()
          .contains(
              "test-notes-1@schema-ledger/prefix-acme_/migration/test-notes.changelog-master.xml",
              "test-attachments-v12-1@prefix-b2_/migration/test-attachments-v12.xml",
              "test-attachments-v12-1@migration/test-attachments-v12.xml");
    }
  }

  @Test
  void hostileOptionsAreRefusedBeforeAnythingRuns() {
    assertThatThrownBy(() -> SchemaOptions.tablePrefix("x; drop table y"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x; drop table y");
    assertThatThrownBy(() -> SchemaOptions.databaseSchema("a.b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingChangelogNamesSchemaVersionAndResource() {
    SchemaMigration m = configure().schema(new NoChangelogSchemaV1()).load();
    assertThatThrownBy(m::verify)
        .isInstanceOf(MissingMigrationException.class)
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("NoChangelog v1")
        .hasMessageContaining("migration/no-changelog.changelog-master.xml");
    assertThatThrownBy(m::migrate).isInstanceOf(MissingMigrationException.class);
  }

  @Test
  void dropAllRequiresConfirmationAndDropsEverything() throws Exception {
    SchemaMigration m = both();
    m.migrate();
    assertThatThrownBy(() -> m.dropAll(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("YES_DROP_EVERYTHING");
    try (Connection c = H2Databases.open(url)) {
      assertThat(H2Databases.tables(c, "PUBLIC")).containsKey("ATTACHMENT");
    }
    m.dropAll(Confirmation.YES_DROP_EVERYTHING);
    try (Connection c = H2Databases.open(url)) {
      assertThat(H2Databases.tables(c, "PUBLIC"))
          .doesNotContainKeys("ATTACHMENT", "NOTE", "DATABASECHANGELOG");
    }
    assertThat(m.migrate()).hasSize(5);
  }

  @Test
  void releaseLocksClearsAStaleLock() throws Exception {
    SchemaMigration m = both();
    m.migrate();
    try (Connection c = H2Databases.open(url);
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "UPDATE DATABASECHANGELOGLOCK SET LOCKED = TRUE, LOCKGRANTED = CURRENT_TIMESTAMP,"
              + " LOCKEDBY = 'crashed-node'");
    }
    m.releaseLocks();
    try (Connection c = H2Databases.open(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT LOCKED FROM DATABASECHANGELOGLOCK")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getBoolean(1)).isFalse();
    }
  }

  @Test
  void deltaSqlListsOnlyWhatIsPendingAndChangesNothing() throws Exception {
    MappedSchema oldRelease = new TestAttachmentsOldRelease();
    configure().schema(oldRelease).load().migrate();
    SchemaMigration m = configure().schema(new TestAttachmentsSchemaV1()).load();
    StringWriter sql = new StringWriter();
    m.generateSql(sql);
    assertThat(sql.toString())
        .contains("ALTER TABLE PUBLIC.attachment ADD content_size BIGINT")
        .contains("octet_length(content)")
        .doesNotContain("CREATE TABLE PUBLIC.attachment")
        .doesNotContain("Ran at");
    assertThat(m.status().get(0).pending()).hasSize(3);
  }

  @Test
  void fourThreadsMigratingOneEmptyDatabaseApplyEachChangeSetOnce() throws Exception {
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Callable<List<ChangeSetRef>>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        // separate instances, as separate components of one process would have
        tasks.add(() -> both().migrate());
      }
      int total = 0;
      for (var f : pool.invokeAll(tasks)) {
        total += f.get().size();
      }
      assertThat(total).isEqualTo(5);
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = H2Databases.open(url)) {
      assertThat(H2Databases.history(c)).hasSize(5).doesNotHaveDuplicates();
    }
  }

  @Test
  void onChangeSetAppliedIsToldOfEachChangeSet() {
    List<String> seen = new ArrayList<>();
    configure()
        .schema(new TestNotesSchemaV1())
        .onChangeSetApplied(c -> seen.add(c.id() + "@" + c.file()))
        .load()
        .migrate();
    assertThat(seen).containsExactly("test-notes-1@migration/test-notes.changelog-master.xml");
  }
}
