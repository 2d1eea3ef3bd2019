package io.ledgerkit.persistence.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.migrations.fixtures.TestAttachmentsSchemaV1;
import io.ledgerkit.persistence.migrations.fixtures.TestCountersSchemaV1;
import io.ledgerkit.persistence.migrations.fixtures.TestTagsSchemaV1;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Offline scripts are honest per dialect: a change the dialect cannot express fails the generation
 * instead of being left out while its change set is recorded as executed, and the recorded change
 * sets are numbered 1, 2, 3, ... in {@code ORDEREXECUTED}.
 */
class OfflineDialectLimitsTest {

  private static final Pattern HISTORY_INSERT =
      Pattern.compile(
          "INSERT INTO \\S*DATABASECHANGELOG \\(ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED,"
              + "[^)]*\\) VALUES \\('([^']*)', '[^']*', '[^']*', [^,]+, (\\d+),",
          Pattern.CASE_INSENSITIVE);

  private static String offlineSql(SqlDialect dialect, SchemaMigration migration) {
    StringWriter out = new StringWriter();
    migration.generateSql(dialect, out);
    return out.toString();
  }

  private static SchemaMigration counters() {
    return SchemaMigration.configure().schema(new TestCountersSchemaV1()).load();
  }

  @Test
  void createSequenceOnMysqlFailsNamingTheChangeSetAndDialectAndWritesNothing() {
    StringWriter out = new StringWriter();
    assertThatThrownBy(() -> counters().generateSql(SqlDialect.MYSQL, out))
        .isInstanceOf(MigrationException.class)
        .hasMessageStartingWith(
            "the offline mysql script cannot express change set 'test-counters-2' by 'ledgerkit'"
                + " in 'migration/test-counters.changelog-master.xml': createSequence"
                + " sequenceName=counter_seq on mysql;")
        .hasMessageContaining("dbms=\"!mysql\" on the change set")
        .hasMessageContaining("mysql-specific change set (dbms=\"mysql\")")
        .message()
        .doesNotContain("test-counters-1");
    assertThat(out.toString()).as("no partial script").isEmpty();
  }

  @Test
  void anUnsupportedChangeInALaterSchemaLeavesNoPartialScriptOfTheEarlierOnes() {
    StringWriter out = new StringWriter();
    SchemaMigration migration =
        SchemaMigration.configure()
            .schema(new TestAttachmentsSchemaV1())
            .schema(new TestCountersSchemaV1())
            .load();
    assertThatThrownBy(() -> migration.generateSql(SqlDialect.MYSQL, out))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("test-counters-2");
    assertThat(out.toString()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = SqlDialect.class,
      names = {"MYSQL"},
      mode = EnumSource.Mode.EXCLUDE)
  void createSequenceIsEmittedWhereTheDialectHasSequences(SqlDialect dialect) {
    String sql = offlineSql(dialect, counters());
    assertThat(sql.toUpperCase(Locale.ROOT)).contains("CREATE SEQUENCE").contains("COUNTER_SEQ");
    assertThat(orderExecuted(sql)).containsExactly("test-counters-1=1", "test-counters-2=2");
  }

  @Test
  void aChangeSetRestrictedToOtherDatabasesIsNeitherRunNorRecordedOnMysql() {
    String sql =
        offlineSql(
            SqlDialect.MYSQL, SchemaMigration.configure().schema(new TestTagsSchemaV1()).load());
    assertThat(sql.toUpperCase(Locale.ROOT)).doesNotContain("SEQUENCE");
    assertThat(orderExecuted(sql)).containsExactly("test-tags-1=1");
  }

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void orderExecutedCountsOneTwoThreeAcrossSchemas(SqlDialect dialect) {
    String sql = offlineSql(dialect, OfflineSqlTest.offlineFixture());
    List<String> recorded = orderExecuted(sql);
    assertThat(recorded).hasSize(5);
    assertThat(recorded.stream().map(r -> r.substring(r.indexOf('=') + 1)).toList())
        .containsExactlyElementsOf(IntStream.rangeClosed(1, 5).mapToObj(String::valueOf).toList());
    assertThat(recorded.get(4)).isEqualTo("test-notes-1=5");
  }

  private static List<String> orderExecuted(String sql) {
    List<String> recorded = new ArrayList<>();
    Matcher m = HISTORY_INSERT.matcher(sql);
    while (m.find()) {
      recorded.add(m.group(1) + "=" + m.group(2));
    }
    return recorded;
  }
}
