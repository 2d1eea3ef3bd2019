package io.ledgerkit.persistence.cli;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A strict parser for one flat JSON object (string, number and boolean values), enough to check the
 * {@code --json} output of the CLI without adding a JSON library to the build. Anything else
 * (nesting, trailing text, a missing comma) fails; {@link #parseNested} also accepts objects as
 * values.
 */
public final class FlatJson {

  private final String text;
  private final boolean nested;
  private int pos;

  private FlatJson(String text, boolean nested) {
    this.text = text;
    this.nested = nested;
  }

  /**
   * Parses one object.
   *
   * @param text the JSON text
   * @return the members in order: {@link String}, {@link BigDecimal} or {@link Boolean} values
   * @throws IllegalArgumentException when the text is not exactly one flat JSON object
   */
  public static Map<String, Object> parse(String text) {
    return parse(text, false);
  }

  /**
   * Parses one object whose values may themselves be objects (returned as nested maps), e.g. the
   * per-size entries of {@code bench vault --query-curve --json}.
   *
   * @param text the JSON text
   * @return the members in order: {@link String}, {@link BigDecimal}, {@link Boolean} or {@link
   *     Map} values
   * @throws IllegalArgumentException when the text is not exactly one such JSON object
   */
  public static Map<String, Object> parseNested(String text) {
    return parse(text, true);
  }

  private static Map<String, Object> parse(String text, boolean nested) {
    FlatJson p = new FlatJson(text, nested);
    Map<String, Object> members = p.object();
    p.space();
    if (p.pos != text.length()) {
      throw p.error("text after the object");
    }
    return members;
  }

  private Map<String, Object> object() {
    Map<String, Object> members = new LinkedHashMap<>();
    space();
    expect('{');
    space();
    if (peek() == '}') {
      pos++;
      return members;
    }
    while (true) {
      space();
      String key = string();
      space();
      expect(':');
      space();
      if (members.put(key, value()) != null) {
        throw error("duplicate key " + key);
      }
      space();
      char c = next();
      if (c == '}') {
        return members;
      }
      if (c != ',') {
        throw error("expected , or }");
      }
    }
  }

  private Object value() {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '{' && nested) {
      return object();
    }
    if (text.startsWith("true", pos)) {
      pos += 4;
      return Boolean.TRUE;
    }
    if (text.startsWith("false", pos)) {
      pos += 5;
      return Boolean.FALSE;
    }
    int start = pos;
    while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a value");
    }
    try {
      return new BigDecimal(text.substring(start, pos));
    } catch (NumberFormatException e) {
      throw error("bad number " + text.substring(start, pos));
    }
  }

  private String string() {
    expect('"');
    StringBuilder b = new StringBuilder();
    while (true) {
      char c = next();
      if (c == '"') {
        return b.toString();
      }
      if (c == '\\') {
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'u' -> {
            b.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
            pos += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      } else if (c < 0x20) {
        throw error("control character in string");
      } else {
        b.append(c);
      }
    }
  }

  private void space() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end");
    }
    return text.charAt(pos);
  }

  private char next() {
    char c = peek();
    pos++;
    return c;
  }

  private void expect(char c) {
    if (next() != c) {
      throw error("expected " + c);
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException(what + " at " + pos + " in: " + text);
  }
}
