package io.ledgerkit.persistence.jpa.internal;

import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinTable;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.SecondaryTables;
import jakarta.persistence.Table;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the ORM maps for a set of schemas: the entity classes, the table prefix of each logical
 * table, and the database schema of each entity (as a JPA {@code orm.xml} override).
 */
public final class MappingPlan {

  private final Set<Class<?>> entities;
  private final Map<String, String> prefixByLogicalTable;
  private final Map<Class<?>, String[]> tableSchemaByEntity;

  private MappingPlan(
      Set<Class<?>> entities,
      Map<String, String> prefixByLogicalTable,
      Map<Class<?>, String[]> tableSchemaByEntity) {
    this.entities = entities;
    this.prefixByLogicalTable = prefixByLogicalTable;
    this.tableSchemaByEntity = tableSchemaByEntity;
  }

  /**
   * Plans the mapping of schemas with their options.
   *
   * @param schemas schema to options
   * @return the plan
   * @throws IllegalArgumentException when one table or entity would get two different options
   */
  public static MappingPlan of(Map<MappedSchema, SchemaOptions> schemas) {
    Set<Class<?>> entities = new LinkedHashSet<>();
    Map<String, String> prefixes = new HashMap<>();
    Map<String, MappedSchema> prefixOwner = new HashMap<>();
    Map<Class<?>, String[]> tableSchemas = new LinkedHashMap<>();
    Map<Class<?>, MappedSchema> entityOwner = new HashMap<>();
    for (Map.Entry<MappedSchema, SchemaOptions> e : schemas.entrySet()) {
      MappedSchema schema = e.getKey();
      SchemaOptions options = e.getValue() == null ? SchemaOptions.DEFAULT : e.getValue();
      for (Class<?> entity : schema.mappedTypes()) {
        if (entity.getAnnotation(Entity.class) == null) {
          throw new IllegalArgumentException(
              "mapped type "
                  + entity.getName()
                  + " of schema "
                  + schema
                  + " is not annotated @jakarta.persistence.Entity");
        }
        entities.add(entity);
        MappedSchema previous = entityOwner.putIfAbsent(entity, schema);
        String[] tableAndSchema = {logicalTable(entity), options.databaseSchema()};
        if (previous != null) {
          String[] earlier = tableSchemas.get(entity);
          String earlierSchema = earlier == null ? null : earlier[1];
          if (!Objects.equals(earlierSchema, options.databaseSchema())) {
            throw new IllegalArgumentException(
                "entity "
                    + entity.getName()
                    + " is mapped by "
                    + previous
                    + " and "
                    + schema
                    + " with different database schemas; give both the same SchemaOptions");
          }
        }
        if (options.databaseSchema() != null) {
          tableSchemas.put(entity, tableAndSchema);
        }
        for (String table : logicalTables(entity)) {
          String key = table.toLowerCase(Locale.ROOT);
          String prior = prefixes.putIfAbsent(key, options.prefix());
          if (prior != null && !prior.equals(options.prefix())) {
            throw new IllegalArgumentException(
                "table "
                    + table
                    + " is mapped by "
                    + prefixOwner.get(key)
                    + " with prefix '"
                    + prior
                    + "' and by "
                    + schema
                    + " with prefix '"
                    + options.prefix()
                    + "'; give both schemas the same table prefix");
          }
          prefixOwner.putIfAbsent(key, schema);
        }
      }
    }
    return new MappingPlan(entities, prefixes, tableSchemas);
  }

  /**
   * The entity classes, in registration order.
   *
   * @return the entities
   */
  public Set<Class<?>> entities() {
    return entities;
  }

  /**
   * The naming strategy that applies the table prefixes.
   *
   * @return the strategy
   */
  public ScopedNamingStrategy namingStrategy() {
    return new ScopedNamingStrategy(prefixByLogicalTable);
  }

  /**
   * Whether any entity needs a database schema override.
   *
   * @return {@code true} when {@link #ormXml} has entries
   */
  public boolean hasSchemaOverrides() {
    return !tableSchemaByEntity.isEmpty();
  }

  /**
   * A JPA {@code orm.xml} that puts each entity with a database schema option in that schema.
   *
   * @param asCatalog write the name as {@code catalog} (MySQL and MariaDB, where a database is a
   *     catalog) instead of {@code schema}
   * @return the XML document
   */
  public String ormXml(boolean asCatalog) {
    StringBuilder b = new StringBuilder();
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .append("<entity-mappings xmlns=\"https://jakarta.ee/xml/ns/persistence/orm\"")
        .append(" version=\"3.2\">\n");
    for (Map.Entry<Class<?>, String[]> e : tableSchemaByEntity.entrySet()) {
      b.append("  <entity class=\"")
          .append(e.getKey().getName())
          .append("\" access=\"")
          .append(accessType(e.getKey()))
          .append("\" metadata-complete=\"false\">\n")
          .append("    <table name=\"")
          .append(e.getValue()[0])
          .append("\" ")
          .append(asCatalog ? "catalog" : "schema")
          .append("=\"")
          .append(e.getValue()[1])
          .append("\"/>\n")
          .append("  </entity>\n");
    }
    return b.append("</entity-mappings>\n").toString();
  }

  /**
   * The access type the annotations imply: {@code @Access} on the class, else where the id is
   * annotated (field or getter), else FIELD. An XML override must repeat it, or it would switch the
   * entity to property access.
   */
  private static String accessType(Class<?> entity) {
    for (Class<?> c = entity; c != null && c != Object.class; c = c.getSuperclass()) {
      jakarta.persistence.Access a = c.getAnnotation(jakarta.persistence.Access.class);
      if (a != null) {
        return a.value().name();
      }
      for (Field f : c.getDeclaredFields()) {
        if (f.isAnnotationPresent(jakarta.persistence.Id.class)
            || f.isAnnotationPresent(jakarta.persistence.EmbeddedId.class)) {
          return "FIELD";
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(jakarta.persistence.Id.class)
            || m.isAnnotationPresent(jakarta.persistence.EmbeddedId.class)) {
          return "PROPERTY";
        }
      }
    }
    return "FIELD";
  }

  /**
   * The logical table name of an entity: {@code @Table(name)} or else the entity name.
   *
   * @param entity the entity class
   * @return the logical name
   */
  public static String logicalTable(Class<?> entity) {
    Table t = entity.getAnnotation(Table.class);
    if (t != null && !t.name().isEmpty()) {
      return t.name();
    }
    Entity en = entity.getAnnotation(Entity.class);
    return en != null && !en.name().isEmpty() ? en.name() : entity.getSimpleName();
  }

  private static List<String> logicalTables(Class<?> entity) {
    List<String> tables = new ArrayList<>();
    tables.add(logicalTable(entity));
    SecondaryTable st = entity.getAnnotation(SecondaryTable.class);
    if (st != null) {
      tables.add(st.name());
    }
    SecondaryTables sts = entity.getAnnotation(SecondaryTables.class);
    if (sts != null) {
      for (SecondaryTable s : sts.value()) {
        tables.add(s.name());
      }
    }
    for (Class<?> c = entity; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        addJoinTables(
            f.getAnnotation(JoinTable.class), f.getAnnotation(CollectionTable.class), tables);
      }
      for (Method m : c.getDeclaredMethods()) {
        addJoinTables(
            m.getAnnotation(JoinTable.class), m.getAnnotation(CollectionTable.class), tables);
      }
    }
    return tables;
  }

  private static void addJoinTables(JoinTable jt, CollectionTable ct, List<String> tables) {
    if (jt != null && !jt.name().isEmpty()) {
      tables.add(jt.name());
    }
    if (ct != null && !ct.name().isEmpty()) {
      tables.add(ct.name());
    }
  }
}
