package io.ledgerkit.persistence.jpa.internal;

import io.ledgerkit.persistence.identity.IdentityService;
import io.ledgerkit.persistence.jpa.SchemaMappingException;
import jakarta.persistence.AttributeConverter;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataBuilder;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.tool.schema.spi.SchemaManagementException;

/**
 * Builds a Hibernate {@link SessionFactory} natively (no {@code persistence.xml}) over a {@link
 * DataSource}, validating the mapping against the database ({@code hbm2ddl.auto=validate}).
 */
public final class OrmBootstrap {

  private OrmBootstrap() {}

  /**
   * Builds a factory.
   *
   * @param dataSource the pool
   * @param plan the entities, prefixes and schema overrides
   * @param identities resolves parties for the auto-applied party converter
   * @param converters further auto-applied converters
   * @param batchSize the JDBC batch size
   * @param mysqlLike whether the database is MySQL or MariaDB (database schemas are catalogs)
   * @param dialect a Hibernate dialect class name to force, or {@code null} to let Hibernate pick
   * @param description the schemas, for error messages
   * @return the factory
   * @throws SchemaMappingException when the mapping disagrees with the database
   */
  public static SessionFactory build(
      DataSource dataSource,
      MappingPlan plan,
      IdentityService identities,
      List<AttributeConverter<?, ?>> converters,
      int batchSize,
      boolean mysqlLike,
      String dialect,
      String description) {
    StandardServiceRegistryBuilder settings = new StandardServiceRegistryBuilder();
    if (dialect != null) {
      settings.applySetting(AvailableSettings.DIALECT, dialect);
    }
    if (!plan.databaseSchemas().isEmpty()) {
      settings.applySetting(
          LedgerkitMariaDbDialect.SEQUENCE_CATALOGS, String.join(",", plan.databaseSchemas()));
    }
    StandardServiceRegistry registry =
        settings
            .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
            .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
            .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, Integer.toString(batchSize))
            // The vault persists grouped by entity type; re-sorting every flush costs more than
            // it saves there. User code that mixes types in one flush can batch less well.
            .applySetting(AvailableSettings.ORDER_INSERTS, "false")
            .applySetting(AvailableSettings.ORDER_UPDATES, "true")
            .applySetting("hibernate.jdbc.batch_versioned_data", "true")
            .applySetting(AvailableSettings.CONNECTION_HANDLING, "DELAYED_ACQUISITION_AND_HOLD")
            .applySetting(AvailableSettings.PREFERRED_INSTANT_JDBC_TYPE, "TIMESTAMP")
            .applySetting(AvailableSettings.JDBC_TIME_ZONE, "UTC")
            .applySetting("hibernate.show_sql", "false")
            .applySetting("hibernate.query.plan_cache_enabled", "true")
            .build();
    try {
      MetadataSources sources = new MetadataSources(registry);
      plan.entities().forEach(sources::addAnnotatedClass);
      if (plan.hasSchemaOverrides()) {
        sources.addInputStream(
            new ByteArrayInputStream(plan.ormXml(mysqlLike).getBytes(StandardCharsets.UTF_8)));
      }
      MetadataBuilder mb = sources.getMetadataBuilder();
      mb.applyPhysicalNamingStrategy(plan.namingStrategy());
      mb.applyAttributeConverter(new PartyConverter(identities), true);
      for (AttributeConverter<?, ?> c : converters) {
        mb.applyAttributeConverter(c, true);
      }
      Metadata metadata = mb.build();
      return metadata.getSessionFactoryBuilder().build();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      SchemaManagementException sme = find(e, SchemaManagementException.class);
      if (sme != null) {
        throw new SchemaMappingException(
            "the ORM mapping of "
                + description
                + " disagrees with the database: "
                + sme.getMessage()
                + ". The tables are created only by the schemas' Liquibase changelogs: fix the"
                + " entity, or add a change set to the changelog and migrate",
            e);
      }
      throw e;
    }
  }

  /**
   * Whether a JDBC product name is MySQL or MariaDB.
   *
   * @param productName {@link java.sql.DatabaseMetaData#getDatabaseProductName()}
   * @return {@code true} for MySQL and MariaDB
   */
  public static boolean isMysqlLike(String productName) {
    String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    return p.contains("mysql") || p.contains("mariadb");
  }

  /**
   * The dialect to force for a database, or {@code null}. A MariaDB server gets {@link
   * LedgerkitMariaDbDialect}: reached through the MySQL driver it reports itself as an old MySQL
   * version (5.5.5-...), which would make Hibernate drop fractional seconds, and Hibernate's own
   * MariaDB dialect finds sequences only in the current database, not in the database a
   * database-schema option names.
   *
   * @param productName {@link java.sql.DatabaseMetaData#getDatabaseProductName()}
   * @param productVersion {@link java.sql.DatabaseMetaData#getDatabaseProductVersion()}
   * @return the dialect class name, or {@code null}
   */
  public static String dialectFor(String productName, String productVersion) {
    String v = productVersion == null ? "" : productVersion.toLowerCase(Locale.ROOT);
    String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (isMysqlLike(productName) && (v.contains("mariadb") || p.contains("mariadb"))) {
      return LedgerkitMariaDbDialect.class.getName();
    }
    return null;
  }

  private static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }
}
