package io.ledgerkit.persistence.jpa.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.jpa.fixtures.LinkedSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.SequencedSchemaV1;
import io.ledgerkit.persistence.jpa.fixtures.TaggedSchemaV1;
import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.mapping.Join;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.tool.schema.SourceType;
import org.hibernate.tool.schema.TargetType;
import org.hibernate.tool.schema.internal.ExceptionHandlerHaltImpl;
import org.hibernate.tool.schema.internal.exec.ScriptTargetOutputToWriter;
import org.hibernate.tool.schema.spi.ContributableMatcher;
import org.hibernate.tool.schema.spi.ExceptionHandler;
import org.hibernate.tool.schema.spi.ExecutionOptions;
import org.hibernate.tool.schema.spi.SchemaManagementTool;
import org.hibernate.tool.schema.spi.ScriptSourceInput;
import org.hibernate.tool.schema.spi.ScriptTargetOutput;
import org.hibernate.tool.schema.spi.SourceDescriptor;
import org.hibernate.tool.schema.spi.TargetDescriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The ORM side of a database-schema option on every dialect, without a server: the DDL Hibernate
 * derives from the mapping plus the generated {@code orm.xml} must name every table the fixtures
 * own (entity, secondary, collection and join tables, the generator table) and the sequence with
 * the database schema (on MySQL/MariaDB the database, as catalog). SQL Server and Oracle have no
 * server here, so this is their only check of the ORM side; H2, PostgreSQL and MariaDB also run the
 * cross-database suite.
 */
class MappingPlanDialectsTest {

  private static final List<String> TABLES =
      List.of(
          "p_linked_states",
          "p_linked_details",
          "p_linked_labels",
          "p_linked_label_links",
          "p_tagged_states",
          "p_tagged_tags",
          "p_tagged_notes",
          "p_tagged_note_links",
          "p_seq_batches",
          "p_seq_items",
          "p_seq_memos",
          "p_seq_memo_ids");

  @ParameterizedTest
  @CsvSource({
    "org.hibernate.dialect.H2Dialect, false, true",
    "org.hibernate.dialect.PostgreSQLDialect, false, true",
    "org.hibernate.dialect.MySQLDialect, true, false",
    "org.hibernate.dialect.MariaDBDialect, true, true",
    "org.hibernate.dialect.SQLServerDialect, false, true",
    "org.hibernate.dialect.OracleDialect, false, true"
  })
  void everyTableAndSequenceOfTheMappedSchemasIsInTheDatabaseSchema(
      String dialect, boolean asCatalog, boolean sequences) {
    Map<MappedSchema, SchemaOptions> schemas = new LinkedHashMap<>();
    SchemaOptions options = new SchemaOptions("ledger", "p_");
    schemas.put(new LinkedSchemaV1(), options);
    schemas.put(new TaggedSchemaV1(), options);
    schemas.put(new SequencedSchemaV1(), options);
    MappingPlan plan = MappingPlan.of(schemas);
    String ddl =
        ddl(plan, dialect, asCatalog, this::secondaryTableIsWritten).toLowerCase(Locale.ROOT);

    for (String table : TABLES) {
      assertThat(ddl).as(dialect + ": " + table).contains("create table ledger." + table + " ");
    }
    assertThat(ddl).as(dialect + ": an unqualified table").doesNotContain("create table p_");
    if (sequences) {
      assertThat(ddl).contains("create sequence ledger.p_seq_item_ids ");
    } else {
      // MySQL has no sequences: Hibernate emulates the sequence with a one-row table (next_val)
      assertThat(ddl).contains("create table ledger.p_seq_item_ids (next_val bigint)");
      assertThat(ddl).doesNotContain("create sequence");
    }
    // the secondary table is written: its columns live there, keyed by the parent's key
    assertThat(ddl).containsPattern("create table ledger\\.p_linked_details \\([^;]*memo");
  }

  /**
   * The overridden secondary table keeps the annotation's defaults: owned (its columns are inserted
   * and updated; Hibernate reads an XML secondary table without {@code owned} as not owned) and
   * optional (an outer join).
   */
  private void secondaryTableIsWritten(Metadata metadata) {
    PersistentClass linked =
        metadata.getEntityBinding(LinkedSchemaV1.PersistentLinked.class.getName());
    assertThat(linked.getJoins()).hasSize(1);
    Join details = linked.getJoins().get(0);
    assertThat(details.getTable().getName()).isEqualTo("p_linked_details");
    assertThat(details.isInverse()).as("secondary table not owned").isFalse();
    assertThat(details.isOptional()).as("secondary table optional").isTrue();
  }

  private static String ddl(
      MappingPlan plan, String dialect, boolean asCatalog, Consumer<Metadata> check) {
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder()
            .applySetting(AvailableSettings.DIALECT, dialect)
            .applySetting("hibernate.boot.allow_jdbc_metadata_access", "false")
            .build();
    try {
      MetadataSources sources = new MetadataSources(registry);
      plan.entities().forEach(sources::addAnnotatedClass);
      sources.addInputStream(
          new ByteArrayInputStream(plan.ormXml(asCatalog).getBytes(StandardCharsets.UTF_8)));
      Metadata metadata =
          sources.getMetadataBuilder().applyPhysicalNamingStrategy(plan.namingStrategy()).build();
      check.accept(metadata);
      StringWriter out = new StringWriter();
      Map<String, Object> settings = Map.of(AvailableSettings.HBM2DDL_DELIMITER, ";");
      ScriptTargetOutputToWriter script = new ScriptTargetOutputToWriter(out);
      registry
          .requireService(SchemaManagementTool.class)
          .getSchemaCreator(settings)
          .doCreation(
              metadata,
              new ExecutionOptions() {
                @Override
                public Map<String, Object> getConfigurationValues() {
                  return settings;
                }

                @Override
                public boolean shouldManageNamespaces() {
                  return false;
                }

                @Override
                public ExceptionHandler getExceptionHandler() {
                  return ExceptionHandlerHaltImpl.INSTANCE;
                }
              },
              ContributableMatcher.ALL,
              new SourceDescriptor() {
                @Override
                public SourceType getSourceType() {
                  return SourceType.METADATA;
                }

                @Override
                public ScriptSourceInput getScriptSourceInput() {
                  return null;
                }
              },
              new TargetDescriptor() {
                @Override
                public EnumSet<TargetType> getTargetTypes() {
                  return EnumSet.of(TargetType.SCRIPT);
                }

                @Override
                public ScriptTargetOutput getScriptTargetOutput() {
                  return script;
                }
              });
      return out.toString();
    } finally {
      StandardServiceRegistryBuilder.destroy(registry);
    }
  }
}
