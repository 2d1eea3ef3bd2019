package io.ledgerkit.persistence.jpa.internal;

import io.ledgerkit.persistence.schema.MappedSchema;
import io.ledgerkit.persistence.schema.SchemaOptions;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.SecondaryTables;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.TableGenerator;
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
import org.hibernate.annotations.SecondaryRow;

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
   * The database schemas the overrides name, without duplicates.
   *
   * @return the schema names, in first-use order
   */
  public List<String> databaseSchemas() {
    return tableSchemaByEntity.values().stream().map(v -> v[1]).distinct().toList();
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
      Class<?> entity = e.getKey();
      String where = (asCatalog ? "catalog" : "schema") + "=\"" + e.getValue()[1] + "\"";
      b.append("  <entity class=\"")
          .append(entity.getName())
          .append("\" access=\"")
          .append(accessType(entity))
          .append("\" metadata-complete=\"false\">\n")
          .append("    <table name=\"")
          .append(e.getValue()[0])
          .append("\" ")
          .append(where)
          .append("/>\n");
      for (SecondaryTable st : secondaryTables(entity)) {
        b.append("    <secondary-table name=\"").append(st.name()).append("\" ").append(where);
        // Hibernate reads an XML secondary table's unset optional/owned as false (the annotation
        // defaults are true): not owned, the table's columns would never be inserted or updated.
        SecondaryRow row = secondaryRow(entity, st.name());
        attr(b, "optional", Boolean.toString(row == null || row.optional()));
        attr(b, "owned", Boolean.toString(row == null || row.owned()));
        if (st.pkJoinColumns().length == 0) {
          b.append("/>\n");
        } else {
          b.append(">\n");
          for (PrimaryKeyJoinColumn pk : st.pkJoinColumns()) {
            b.append("      <primary-key-join-column");
            attr(b, "name", pk.name());
            attr(b, "referenced-column-name", pk.referencedColumnName());
            b.append("/>\n");
          }
          b.append("    </secondary-table>\n");
        }
      }
      for (SequenceGenerator g : repeated(entity, SequenceGenerator.class)) {
        if (unplaced(g.schema(), g.catalog())) {
          sequenceGenerator(b, "    ", g, where);
        }
      }
      for (TableGenerator g : repeated(entity, TableGenerator.class)) {
        if (unplaced(g.schema(), g.catalog())) {
          tableGenerator(b, "    ", g, where);
        }
      }
      List<String> attributes = new ArrayList<>(idGeneratorOverrides(entity, where));
      attributes.addAll(collectionTableOverrides(entity, where));
      if (!attributes.isEmpty()) {
        b.append("    <attributes>\n");
        attributes.forEach(b::append);
        b.append("    </attributes>\n");
      }
      b.append("  </entity>\n");
    }
    return b.append("</entity-mappings>\n").toString();
  }

  /** Whether a generator annotation leaves its schema and catalog to the defaults. */
  private static boolean unplaced(String schema, String catalog) {
    return schema.isEmpty() && catalog.isEmpty();
  }

  /** A repeatable annotation, declared once or in its container. */
  private static <A extends java.lang.annotation.Annotation> List<A> repeated(
      java.lang.reflect.AnnotatedElement element, Class<A> type) {
    return List.of(element.getAnnotationsByType(type));
  }

  private static void sequenceGenerator(
      StringBuilder b, String indent, SequenceGenerator g, String where) {
    b.append(indent).append("<sequence-generator");
    attr(b, "name", g.name());
    attr(b, "sequence-name", g.sequenceName());
    b.append(' ').append(where);
    attr(b, "initial-value", Integer.toString(g.initialValue()));
    attr(b, "allocation-size", Integer.toString(g.allocationSize()));
    b.append("/>\n");
  }

  private static void tableGenerator(
      StringBuilder b, String indent, TableGenerator g, String where) {
    b.append(indent).append("<table-generator");
    attr(b, "name", g.name());
    attr(b, "table", g.table());
    b.append(' ').append(where);
    attr(b, "pk-column-name", g.pkColumnName());
    attr(b, "value-column-name", g.valueColumnName());
    attr(b, "pk-column-value", g.pkColumnValue());
    attr(b, "initial-value", Integer.toString(g.initialValue()));
    attr(b, "allocation-size", Integer.toString(g.allocationSize()));
    b.append("/>\n");
  }

  /**
   * The {@code <id>} overrides of an entity whose generated id declares its
   * {@code @SequenceGenerator} or {@code @TableGenerator} on the id attribute itself (a generator
   * declared there wins over one of the same name on the class, so the override must sit there
   * too). The XML id repeats the id's {@code @Column} and {@code @GeneratedValue}.
   */
  private static List<String> idGeneratorOverrides(Class<?> entity, String where) {
    List<String> ids = new ArrayList<>();
    for (Field f : entity.getDeclaredFields()) {
      idOverride(f.getName(), f, where, ids);
    }
    for (Method m : entity.getDeclaredMethods()) {
      idOverride(propertyName(m.getName()), m, where, ids);
    }
    return ids;
  }

  private static void idOverride(
      String name, java.lang.reflect.AnnotatedElement m, String where, List<String> ids) {
    if (!m.isAnnotationPresent(jakarta.persistence.Id.class)) {
      return;
    }
    List<SequenceGenerator> sequences =
        repeated(m, SequenceGenerator.class).stream()
            .filter(g -> unplaced(g.schema(), g.catalog()))
            .toList();
    List<TableGenerator> tables =
        repeated(m, TableGenerator.class).stream()
            .filter(g -> unplaced(g.schema(), g.catalog()))
            .toList();
    if (sequences.isEmpty() && tables.isEmpty()) {
      return;
    }
    StringBuilder b = new StringBuilder("      <id");
    attr(b, "name", name);
    b.append(">\n");
    Column col = m.getAnnotation(Column.class);
    if (col != null) {
      b.append("        <column");
      attr(b, "name", col.name());
      attr(b, "nullable", Boolean.toString(col.nullable()));
      attr(b, "length", Integer.toString(col.length()));
      if (col.precision() != 0) {
        attr(b, "precision", Integer.toString(col.precision()));
        attr(b, "scale", Integer.toString(col.scale()));
      }
      b.append("/>\n");
    }
    jakarta.persistence.GeneratedValue gv =
        m.getAnnotation(jakarta.persistence.GeneratedValue.class);
    if (gv != null) {
      b.append("        <generated-value");
      attr(b, "strategy", gv.strategy().name());
      attr(b, "generator", gv.generator());
      b.append("/>\n");
    }
    for (TableGenerator g : tables) {
      tableGenerator(b, "        ", g, where);
    }
    for (SequenceGenerator g : sequences) {
      sequenceGenerator(b, "        ", g, where);
    }
    ids.add(b.append("      </id>\n").toString());
  }

  /**
   * The attribute overrides that put the join and collection tables of an entity in its database
   * schema. An XML attribute replaces the attribute's mapping annotations, so each override repeats
   * what the annotations say (relationship kind, target, fetch, cascade, order, join columns), in
   * the order the {@code orm.xml} schema requires (one-to-many, many-to-many, element-collection).
   */
  private static List<String> collectionTableOverrides(Class<?> entity, String where) {
    List<String> oneToMany = new ArrayList<>();
    List<String> manyToMany = new ArrayList<>();
    List<String> elements = new ArrayList<>();
    for (Class<?> c = entity; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        member(f.getName(), f, where, oneToMany, manyToMany, elements);
      }
      for (Method m : c.getDeclaredMethods()) {
        member(propertyName(m.getName()), m, where, oneToMany, manyToMany, elements);
      }
    }
    List<String> all = new ArrayList<>(oneToMany);
    all.addAll(manyToMany);
    all.addAll(elements);
    return all;
  }

  private static void member(
      String name,
      java.lang.reflect.AnnotatedElement m,
      String where,
      List<String> oneToMany,
      List<String> manyToMany,
      List<String> elements) {
    JoinTable jt = m.getAnnotation(JoinTable.class);
    OneToMany otm = m.getAnnotation(OneToMany.class);
    ManyToMany mtm = m.getAnnotation(ManyToMany.class);
    ElementCollection ec = m.getAnnotation(ElementCollection.class);
    OrderBy orderBy = m.getAnnotation(OrderBy.class);
    if (otm != null && jt != null && otm.mappedBy().isEmpty()) {
      StringBuilder b = new StringBuilder("      <one-to-many");
      attr(b, "name", name);
      if (otm.targetEntity() != void.class) {
        attr(b, "target-entity", otm.targetEntity().getName());
      }
      attr(b, "fetch", otm.fetch().name());
      if (otm.orphanRemoval()) {
        attr(b, "orphan-removal", "true");
      }
      b.append(">\n");
      if (orderBy != null) {
        b.append("        <order-by>").append(escape(orderBy.value())).append("</order-by>\n");
      }
      joinTable(b, jt, where);
      cascade(b, otm.cascade());
      oneToMany.add(b.append("      </one-to-many>\n").toString());
    } else if (mtm != null && mtm.mappedBy().isEmpty()) {
      StringBuilder b = new StringBuilder("      <many-to-many");
      attr(b, "name", name);
      if (mtm.targetEntity() != void.class) {
        attr(b, "target-entity", mtm.targetEntity().getName());
      }
      attr(b, "fetch", mtm.fetch().name());
      b.append(">\n");
      if (orderBy != null) {
        b.append("        <order-by>").append(escape(orderBy.value())).append("</order-by>\n");
      }
      if (jt != null) {
        joinTable(b, jt, where);
      } else {
        b.append("        <join-table ").append(where).append("/>\n");
      }
      cascade(b, mtm.cascade());
      manyToMany.add(b.append("      </many-to-many>\n").toString());
    } else if (ec != null) {
      StringBuilder b = new StringBuilder("      <element-collection");
      attr(b, "name", name);
      if (ec.targetClass() != void.class) {
        attr(b, "target-class", ec.targetClass().getName());
      }
      attr(b, "fetch", ec.fetch().name());
      b.append(">\n");
      if (orderBy != null) {
        b.append("        <order-by>").append(escape(orderBy.value())).append("</order-by>\n");
      }
      Column col = m.getAnnotation(Column.class);
      if (col != null) {
        b.append("        <column");
        attr(b, "name", col.name());
        attr(b, "nullable", Boolean.toString(col.nullable()));
        attr(b, "length", Integer.toString(col.length()));
        if (col.precision() != 0) {
          attr(b, "precision", Integer.toString(col.precision()));
          attr(b, "scale", Integer.toString(col.scale()));
        }
        b.append("/>\n");
      }
      CollectionTable ct = m.getAnnotation(CollectionTable.class);
      b.append("        <collection-table");
      if (ct != null) {
        attr(b, "name", ct.name());
      }
      b.append(" ").append(where);
      if (ct == null || ct.joinColumns().length == 0) {
        b.append("/>\n");
      } else {
        b.append(">\n");
        joinColumns(b, "join-column", ct.joinColumns());
        b.append("        </collection-table>\n");
      }
      elements.add(b.append("      </element-collection>\n").toString());
    }
  }

  private static void joinTable(StringBuilder b, JoinTable jt, String where) {
    b.append("        <join-table");
    attr(b, "name", jt.name());
    b.append(" ").append(where).append(">\n");
    joinColumns(b, "join-column", jt.joinColumns());
    joinColumns(b, "inverse-join-column", jt.inverseJoinColumns());
    b.append("        </join-table>\n");
  }

  private static void joinColumns(StringBuilder b, String element, JoinColumn[] columns) {
    for (JoinColumn jc : columns) {
      b.append("          <").append(element);
      attr(b, "name", jc.name());
      attr(b, "referenced-column-name", jc.referencedColumnName());
      b.append("/>\n");
    }
  }

  private static void cascade(StringBuilder b, CascadeType[] types) {
    if (types.length == 0) {
      return;
    }
    b.append("        <cascade>");
    for (CascadeType t : types) {
      b.append("<cascade-").append(t.name().toLowerCase(Locale.ROOT)).append("/>");
    }
    b.append("</cascade>\n");
  }

  private static void attr(StringBuilder b, String name, String value) {
    if (value != null && !value.isEmpty()) {
      b.append(' ').append(name).append("=\"").append(escape(value)).append('"');
    }
  }

  private static String escape(String value) {
    return value
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static String propertyName(String method) {
    String base =
        method.startsWith("get") && method.length() > 3
            ? method.substring(3)
            : method.startsWith("is") && method.length() > 2 ? method.substring(2) : method;
    return Character.toLowerCase(base.charAt(0)) + base.substring(1);
  }

  /** The {@code @SecondaryRow} of a secondary table, or {@code null}. */
  private static SecondaryRow secondaryRow(Class<?> entity, String table) {
    for (SecondaryRow row : repeated(entity, SecondaryRow.class)) {
      if (row.table().equalsIgnoreCase(table)) {
        return row;
      }
    }
    return null;
  }

  private static List<SecondaryTable> secondaryTables(Class<?> entity) {
    List<SecondaryTable> tables = new ArrayList<>();
    SecondaryTable st = entity.getAnnotation(SecondaryTable.class);
    if (st != null) {
      tables.add(st);
    }
    SecondaryTables sts = entity.getAnnotation(SecondaryTables.class);
    if (sts != null) {
      tables.addAll(List.of(sts.value()));
    }
    return tables;
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
      addGenerators(c, tables);
      for (Field f : c.getDeclaredFields()) {
        addJoinTables(
            f.getAnnotation(JoinTable.class), f.getAnnotation(CollectionTable.class), tables);
        addGenerators(f, tables);
      }
      for (Method m : c.getDeclaredMethods()) {
        addJoinTables(
            m.getAnnotation(JoinTable.class), m.getAnnotation(CollectionTable.class), tables);
        addGenerators(m, tables);
      }
    }
    return tables;
  }

  /** The generator tables and sequences declared on an element: they take the table prefix. */
  private static void addGenerators(java.lang.reflect.AnnotatedElement e, List<String> names) {
    for (SequenceGenerator g : repeated(e, SequenceGenerator.class)) {
      if (!g.sequenceName().isEmpty()) {
        names.add(g.sequenceName());
      }
    }
    for (TableGenerator g : repeated(e, TableGenerator.class)) {
      if (!g.table().isEmpty()) {
        names.add(g.table());
      }
    }
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
