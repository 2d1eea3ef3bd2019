package io.ledgerkit.persistence.jpa.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.relational.QualifiedSequenceName;
import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.tool.schema.extract.internal.SequenceInformationImpl;
import org.hibernate.tool.schema.extract.spi.ExtractionContext;
import org.hibernate.tool.schema.extract.spi.SequenceInformation;
import org.hibernate.tool.schema.extract.spi.SequenceInformationExtractor;

/**
 * Hibernate's MariaDB dialect, except that the sequences it reads for schema validation and for the
 * generators' increment check include those of the databases a database-schema option maps (setting
 * {@link #SEQUENCE_CATALOGS}). Hibernate's own extractor lists only {@code
 * information_schema.TABLES where table_schema=database()} and reads each sequence by its bare
 * name, so a sequence in another database (a catalog on MariaDB) is reported missing although the
 * migration created it there.
 */
public final class LedgerkitMariaDbDialect extends MariaDBDialect {

  /** Setting: the comma-separated databases whose sequences are read besides the current one. */
  public static final String SEQUENCE_CATALOGS = "ledgerkit.sequence_catalogs";

  private final Extractor extractor;

  /**
   * For Hibernate, with the resolved server version and the settings.
   *
   * @param info the server and the settings
   */
  public LedgerkitMariaDbDialect(DialectResolutionInfo info) {
    super(info);
    Map<String, Object> settings = info.getConfigurationValues();
    extractor = new Extractor(catalogs(settings == null ? null : settings.get(SEQUENCE_CATALOGS)));
  }

  /**
   * For Hibernate, with a version: the current database's sequences only.
   *
   * @param version the server version
   */
  public LedgerkitMariaDbDialect(DatabaseVersion version) {
    super(version);
    extractor = new Extractor(List.of());
  }

  /** For Hibernate, at the minimum version: the current database's sequences only. */
  public LedgerkitMariaDbDialect() {
    super();
    extractor = new Extractor(List.of());
  }

  private static List<String> catalogs(Object value) {
    if (value == null || value.toString().isBlank()) {
      return List.of();
    }
    return Arrays.stream(value.toString().split(",")).map(String::strip).toList();
  }

  @Override
  public SequenceInformationExtractor getSequenceInformationExtractor() {
    return getSequenceSupport().supportsSequences()
        ? extractor
        : super.getSequenceInformationExtractor();
  }

  /** Reads the sequences of the current database and of the configured ones. */
  static final class Extractor implements SequenceInformationExtractor {
    private final List<String> catalogs;

    Extractor(List<String> catalogs) {
      this.catalogs = catalogs;
    }

    @Override
    public Iterable<SequenceInformation> extractMetadata(ExtractionContext context)
        throws SQLException {
      StringBuilder lookup =
          new StringBuilder(
              "select table_schema, table_name from information_schema.TABLES"
                  + " where table_type = 'SEQUENCE' and (table_schema = database()");
      for (int i = 0; i < catalogs.size(); i++) {
        lookup.append(" or table_schema = ?");
      }
      // the current database's sequences last: Hibernate keys them by bare name, so they win
      lookup.append(") order by table_schema = database(), table_schema, table_name");
      List<String[]> names =
          context.getQueryResults(
              lookup.toString(),
              catalogs.toArray(),
              rs -> {
                List<String[]> out = new ArrayList<>();
                while (rs.next()) {
                  out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
                return out;
              });
      if (names.isEmpty()) {
        return List.of();
      }
      StringBuilder query = new StringBuilder();
      for (String[] n : names) {
        if (!query.isEmpty()) {
          query.append(" union all ");
        }
        query
            .append("select ")
            .append(literal(n[0]))
            .append(", ")
            .append(literal(n[1]))
            .append(", minimum_value, maximum_value, start_value, increment from ")
            .append(quote(n[0]))
            .append('.')
            .append(quote(n[1]));
      }
      return context.getQueryResults(
          query.toString(),
          null,
          rs -> {
            List<SequenceInformation> out = new ArrayList<>();
            while (rs.next()) {
              out.add(
                  new SequenceInformationImpl(
                      new QualifiedSequenceName(
                          Identifier.toIdentifier(rs.getString(1)),
                          null,
                          Identifier.toIdentifier(rs.getString(2))),
                      number(rs, 5),
                      number(rs, 3),
                      number(rs, 4),
                      number(rs, 6)));
            }
            return out;
          });
    }

    private static Number number(ResultSet rs, int column) throws SQLException {
      Object v = rs.getObject(column);
      return v instanceof Number n ? n : v == null ? null : Long.valueOf(v.toString());
    }

    private static String literal(String s) {
      return "'" + s.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static String quote(String identifier) {
      return "`" + identifier.replace("`", "``") + "`";
    }
  }
}
