package io.ledgerkit.persistence.testkit.internal;

import io.ledgerkit.persistence.config.Masking;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small JDBC URL manipulations for the supported databases. */
public final class JdbcUrls {
  private static final Pattern QUERY_URL =
      Pattern.compile("^(jdbc:(?:mysql|mariadb|postgresql)://[^/?]*)(/[^?]*)?(\\?.*)?$");
  private static final Pattern ORACLE_CREDENTIALS =
      Pattern.compile("^jdbc:oracle:thin:([^/@]+)/([^@]*)@(.*)$");

  private JdbcUrls() {}

  /**
   * Returns the value of a URL parameter ({@code ?key=value&...} or {@code ;key=value;...}), or
   * null. Keys compare case-insensitively.
   *
   * @param url the url
   * @param key the key
   * @return the value of a URL parameter ({@code ?key=value&...} or {@code ;key=value;...}), or
   *     null
   */
  public static String parameter(String url, String key) {
    int start = url.indexOf('?');
    String separator = "&";
    if (url.startsWith("jdbc:sqlserver:")) {
      start = url.indexOf(';');
      separator = ";";
    }
    if (start < 0) {
      return null;
    }
    for (String pair : url.substring(start + 1).split(Pattern.quote(separator))) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase(key)) {
        return java.net.URLDecoder.decode(
            pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /**
   * Returns the user named by a URL, or null.
   *
   * @param url the url
   * @return the user named by a URL, or null
   */
  public static String user(String url) {
    Matcher oracle = ORACLE_CREDENTIALS.matcher(url);
    if (oracle.matches()) {
      return oracle.group(1);
    }
    return parameter(url, "user");
  }

  /**
   * Returns the password named by a URL, or null.
   *
   * @param url the url
   * @return the password named by a URL, or null
   */
  public static String password(String url) {
    Matcher oracle = ORACLE_CREDENTIALS.matcher(url);
    if (oracle.matches()) {
      return oracle.group(2);
    }
    return parameter(url, "password");
  }

  /**
   * Returns an Oracle thin URL without the {@code user/password@} part.
   *
   * @param url the url
   * @return an Oracle thin URL without the {@code user/password@} part
   */
  public static String withoutOracleCredentials(String url) {
    Matcher oracle = ORACLE_CREDENTIALS.matcher(url);
    return oracle.matches() ? "jdbc:oracle:thin:@" + oracle.group(3) : url;
  }

  /**
   * Returns the URL with a {@code ?key=value} parameter set (replacing an existing one).
   *
   * @param url the url
   * @param key the key
   * @param value the value
   * @return the URL with a {@code ?key=value} parameter set (replacing an existing one)
   */
  public static String withQueryParameter(String url, String key, String value) {
    int q = url.indexOf('?');
    if (q < 0) {
      return url + "?" + key + "=" + value;
    }
    StringBuilder result = new StringBuilder(url.substring(0, q + 1));
    for (String pair : url.substring(q + 1).split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      if (!pair.isEmpty() && !name.equalsIgnoreCase(key)) {
        result.append(pair).append('&');
      }
    }
    return result.append(key).append('=').append(value).toString();
  }

  /**
   * Returns the URL with a SQL Server {@code ;key=value} property set (replacing one).
   *
   * @param url the url
   * @param key the key
   * @param value the value
   * @return the URL with a SQL Server {@code ;key=value} property set (replacing one)
   */
  public static String withSemicolonProperty(String url, String key, String value) {
    String[] parts = url.split(";");
    StringBuilder result = new StringBuilder(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      String name = parts[i].contains("=") ? parts[i].substring(0, parts[i].indexOf('=')) : "";
      if (!parts[i].isEmpty() && !name.equalsIgnoreCase(key)) {
        result.append(';').append(parts[i]);
      }
    }
    return result.append(';').append(key).append('=').append(value).toString();
  }

  /**
   * Returns a MySQL/MariaDB URL pointing at another database: {@code jdbc:mysql://h:p/test?x}
   * becomes {@code jdbc:mysql://h:p/<database>?x}.
   *
   * @param url the url
   * @param database the database
   * @return a MySQL/MariaDB URL pointing at another database: {@code jdbc:mysql://h:p/test?x}
   *     becomes {@code jdbc:mysql://h:p/<database>?x}
   */
  public static String withDatabase(String url, String database) {
    Matcher m = QUERY_URL.matcher(url);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a jdbc:mysql://host:port/database URL: "
              + redact(url)
              + "; set the environment variable to a URL of that form");
    }
    return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
  }

  /**
   * Returns the URL with its credentials masked ({@link Masking#mask}), for messages.
   *
   * @param url the url
   * @return the URL with any password replaced by {@value Masking#MASK}
   */
  public static String redact(String url) {
    return Masking.mask(url);
  }
}
