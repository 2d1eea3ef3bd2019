package io.ledgerkit.persistence.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerkit.persistence.jpa.schemas.ConnectorSchemaV1;
import io.ledgerkit.persistence.jpa.schemas.NodeServicesSchemaV1;
import io.ledgerkit.persistence.jpa.schemas.VaultSchemaV1;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.migrations.SqlDialect;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The built-in schemas' offline script generates on every dialect (none of their changes is refused
 * as inexpressible) and numbers the recorded change sets 1, 2, 3, ...
 */
class BuiltInSchemasOfflineSqlTest {

  private static final Pattern ORDER =
      Pattern.compile(
          "INSERT INTO \\S*DATABASECHANGELOG \\([^)]*\\) VALUES \\('[^']*', '[^']*', '[^']*',"
              + " [^,]+, (\\d+),",
          Pattern.CASE_INSENSITIVE);

  @ParameterizedTest
  @EnumSource(SqlDialect.class)
  void builtInSchemasGenerateOfflineOnEveryDialect(SqlDialect dialect) {
    StringWriter out = new StringWriter();
    SchemaMigration.configure()
        .schema(new VaultSchemaV1())
        .schema(new ConnectorSchemaV1())
        .schema(new NodeServicesSchemaV1())
        .load()
        .generateSql(dialect, out);
    String sql = out.toString();
    assertThat(sql.toUpperCase(Locale.ROOT)).contains("CREATE TABLE");
    List<Integer> order = new ArrayList<>();
    Matcher m = ORDER.matcher(sql);
    while (m.find()) {
      order.add(Integer.parseInt(m.group(1)));
    }
    assertThat(order).isNotEmpty();
    for (int i = 0; i < order.size(); i++) {
      assertThat(order.get(i))
          .as("ORDEREXECUTED of recorded change set %d", i + 1)
          .isEqualTo(i + 1);
    }
  }
}
