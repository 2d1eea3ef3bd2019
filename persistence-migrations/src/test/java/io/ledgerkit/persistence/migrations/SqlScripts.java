package io.ledgerkit.persistence.migrations;

import java.util.ArrayList;
import java.util.List;

/** Splits the generated scripts into statements (they end each statement with ';' at line end). */
public final class SqlScripts {
  private SqlScripts() {}

  /**
   * The statements of a script, without comments and terminators. Handles the {@code GO} separators
   * of SQL Server and {@code /} of Oracle as well.
   *
   * @param script the script
   * @return the statements
   */
  public static List<String> statements(String script) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : script.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.equalsIgnoreCase("GO") || trimmed.equals("/")) {
        flush(out, current);
        continue;
      }
      if (trimmed.endsWith(";")) {
        current.append(trimmed, 0, trimmed.length() - 1);
        flush(out, current);
      } else {
        current.append(trimmed).append('\n');
      }
    }
    flush(out, current);
    return out;
  }

  private static void flush(List<String> out, StringBuilder current) {
    if (!current.toString().isBlank()) {
      out.add(current.toString().trim());
    }
    current.setLength(0);
  }
}
