package io.ledgerkit.persistence.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one rule that turns a schema family's class name into the names users type: the kebab-case
 * name of its default changelog and of the CLI's {@code --schema} ({@code ilp-connector-schema}),
 * and the upper-snake name of its configuration keys ({@code ILP_CONNECTOR_SCHEMA}). Both come from
 * the same words, so one family has one name everywhere.
 *
 * <p>A class name splits into words before an upper-case letter that follows a lower-case letter or
 * a digit ({@code Cash2Schema} is {@code cash2 schema}), before the last upper-case letter of an
 * acronym that a lower-case letter follows ({@code ILPConnector} is {@code ilp connector}), and at
 * {@code $}, {@code _} and {@code -}. Only the simple name counts: a nested class {@code
 * Outer$InnerSchema} and a package-qualified name give the words of {@code InnerSchema}.
 */
public final class FamilyNames {

  private FamilyNames() {}

  /**
   * The words of a class name, in their original case.
   *
   * @param name a simple, nested ({@code Outer$Inner}) or fully-qualified class name, or a name
   *     already in kebab or upper-snake case
   * @return the words, never empty for a non-empty name
   */
  public static List<String> words(String name) {
    String simple = simpleName(name);
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < simple.length(); i++) {
      char c = simple.charAt(i);
      if (c == '_' || c == '-' || c == '$') {
        flush(words, word);
        continue;
      }
      if (Character.isUpperCase(c) && i > 0) {
        char prev = simple.charAt(i - 1);
        boolean boundary =
            Character.isLowerCase(prev)
                || Character.isDigit(prev)
                || (Character.isUpperCase(prev)
                    && i + 1 < simple.length()
                    && Character.isLowerCase(simple.charAt(i + 1)));
        if (boundary) {
          flush(words, word);
        }
      }
      word.append(c);
    }
    flush(words, word);
    return List.copyOf(words);
  }

  /**
   * The kebab-case name: {@code ILPConnectorSchema} gives {@code ilp-connector-schema}.
   *
   * @param name a class name as for {@link #words(String)}
   * @return the lower-case words joined by {@code -}
   */
  public static String kebabCase(String name) {
    return String.join("-", words(name)).toLowerCase(Locale.ROOT);
  }

  /**
   * The kebab-case name of a family class.
   *
   * @param family the family class
   * @return its kebab-case name, e.g. {@code node-services} for {@code NodeServices}
   */
  public static String kebabCase(Class<?> family) {
    return kebabCase(family.getName());
  }

  /**
   * The upper-snake name: {@code ILPConnectorSchema} gives {@code ILP_CONNECTOR_SCHEMA}.
   *
   * @param name a class name as for {@link #words(String)}
   * @return the upper-case words joined by {@code _}
   */
  public static String upperSnake(String name) {
    return String.join("_", words(name)).toUpperCase(Locale.ROOT);
  }

  /**
   * Whether a name a user typed names the family: its fully-qualified name, its simple name, its
   * kebab-case or its upper-snake name (all but the first ignoring case).
   *
   * @param family the family class
   * @param name the name typed
   * @return {@code true} when it names the family
   */
  public static boolean matches(Class<?> family, String name) {
    String n = name.trim();
    return n.equals(family.getName())
        || n.equalsIgnoreCase(family.getSimpleName())
        || n.equalsIgnoreCase(kebabCase(family))
        || n.equalsIgnoreCase(upperSnake(family.getName()));
  }

  private static String simpleName(String name) {
    int cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('$'));
    return name.substring(cut + 1);
  }

  private static void flush(List<String> words, StringBuilder word) {
    if (word.length() > 0) {
      words.add(word.toString());
      word.setLength(0);
    }
  }
}
