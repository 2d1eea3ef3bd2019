package io.ledgerkit.persistence.schema;

import java.util.List;
import java.util.Objects;

/**
 * One version of a family of database tables that states map to. Subclass it with a public no-arg
 * constructor (so that {@link java.util.ServiceLoader} can create it), for example:
 *
 * <pre>{@code
 * public final class CashSchemaV1 extends MappedSchema {
 *   public CashSchemaV1() {
 *     super(CashSchema.class, 1, List.of(PersistentCashState.class));
 *   }
 * }
 * }</pre>
 *
 * <p>Two schemas are equal when family, version and mapped types are. Its tables are created by the
 * Liquibase changelog at {@link #migrationResource()}.
 */
public class MappedSchema {

  private final Class<?> schemaFamily;
  private final int version;
  private final List<Class<?>> mappedTypes;

  /**
   * Creates a schema.
   *
   * @param schemaFamily the class that names the family (versions of one family share it)
   * @param version the version, 1 or more
   * @param mappedTypes the JPA entity classes of this version
   */
  public MappedSchema(Class<?> schemaFamily, int version, List<Class<?>> mappedTypes) {
    this.schemaFamily = Objects.requireNonNull(schemaFamily, "schemaFamily");
    if (version < 1) {
      throw new IllegalArgumentException(
          "schema " + schemaFamily.getName() + " has version " + version + "; versions start at 1");
    }
    this.version = version;
    this.mappedTypes = List.copyOf(Objects.requireNonNull(mappedTypes, "mappedTypes"));
  }

  /**
   * The family class.
   *
   * @return the family
   */
  public Class<?> schemaFamily() {
    return schemaFamily;
  }

  /**
   * The family's fully-qualified class name.
   *
   * @return the name
   */
  public String name() {
    return schemaFamily.getName();
  }

  /**
   * The version within the family.
   *
   * @return the version
   */
  public int version() {
    return version;
  }

  /**
   * The JPA entity classes of this version.
   *
   * @return the mapped types
   */
  public List<Class<?>> mappedTypes() {
    return mappedTypes;
  }

  /**
   * The table prefix this schema's tables get when the operator configures none ({@code
   * schemas.<family>.tablePrefix} unset). {@code null} (the default) means no prefix; built-in
   * schemas whose table names are generic override it (the connector schema uses {@code lk_}) so
   * that they do not take the names an application's own tables use. An explicitly configured
   * prefix, including the empty one, replaces it in both the ORM mapping and the changelog.
   *
   * @return the default prefix, or {@code null} for none
   */
  public String defaultTablePrefix() {
    return null;
  }

  /**
   * The classpath resource of this schema's master changelog. Defaults to {@code
   * migration/<family-simple-name-in-kebab-case>.changelog-master.xml}, for example {@code
   * migration/node-services.changelog-master.xml} for a family class {@code NodeServices} (the
   * kebab-case name of {@link FamilyNames}, the same the CLI's {@code --schema} accepts); override
   * it to use another resource.
   *
   * @return the resource path
   */
  public String migrationResource() {
    return "migration/" + FamilyNames.kebabCase(schemaFamily) + ".changelog-master.xml";
  }

  /**
   * Converts a class name such as {@code NodeServicesSchema} to {@code node-services-schema}, by
   * the one rule of {@link FamilyNames}.
   *
   * @param name the simple class name
   * @return the kebab-case form
   */
  static String kebabCase(String name) {
    return FamilyNames.kebabCase(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MappedSchema other
        && schemaFamily.equals(other.schemaFamily)
        && version == other.version
        && mappedTypes.equals(other.mappedTypes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(schemaFamily, version, mappedTypes);
  }

  @Override
  public String toString() {
    return name() + " v" + version;
  }
}
