package io.ledgerkit.persistence.jpa.internal;

import java.util.Locale;
import java.util.Map;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;

/**
 * Adds a schema's table prefix to the tables (and generator sequences) of that schema's entities
 * only: the prefix is looked up by logical table name, collected from the entities of each schema
 * by {@link MappingPlan}.
 */
public final class ScopedNamingStrategy extends PhysicalNamingStrategyStandardImpl {
  private static final long serialVersionUID = 1L;

  private final Map<String, String> prefixByLogicalTable;

  /**
   * Creates the strategy.
   *
   * @param prefixByLogicalTable lower-case logical table name to prefix
   */
  public ScopedNamingStrategy(Map<String, String> prefixByLogicalTable) {
    this.prefixByLogicalTable = Map.copyOf(prefixByLogicalTable);
  }

  @Override
  public Identifier toPhysicalSequenceName(Identifier logicalName, JdbcEnvironment context) {
    return toPhysicalTableName(logicalName, context);
  }

  @Override
  public Identifier toPhysicalTableName(Identifier logicalName, JdbcEnvironment context) {
    if (logicalName == null) {
      return null;
    }
    String prefix = prefixByLogicalTable.get(logicalName.getText().toLowerCase(Locale.ROOT));
    if (prefix == null || prefix.isEmpty()) {
      return logicalName;
    }
    return Identifier.toIdentifier(prefix + logicalName.getText(), logicalName.isQuoted());
  }
}
