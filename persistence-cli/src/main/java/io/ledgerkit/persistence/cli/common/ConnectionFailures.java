package io.ledgerkit.persistence.cli.common;

import io.ledgerkit.persistence.config.Masking;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failure to reach a database into one line that names the masked URL, the host and port
 * and the reason ({@code connection refused}, {@code unknown host}, or the driver's first line),
 * whatever the driver reports (MySQL's "Communications link failure" names neither).
 */
public final class ConnectionFailures {

  private static final Pattern HOST_PORT =
      Pattern.compile("(?:@|//)(?:[^/@?;]*@)?(\\[[^\\]]+\\]|[^:/?;,@\\s]+)(?::(\\d+))?");

  private ConnectionFailures() {}

  /**
   * A database that cannot be reached; its message is the whole line (the cause is for --verbose).
   */
  public static final class Unreachable extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * The error to report when {@code error} is a connection failure to {@code url}.
   *
   * @param url the JDBC URL the command connected to
   * @param error what the connection attempt threw
   * @return a one-line error naming the masked URL, host:port and reason; {@code null} when the
   *     error is not a connection failure
   */
  public static Unreachable of(String url, Throwable error) {
    if (!isConnectionFailure(error)) {
      return null;
    }
    return new Unreachable(
        "cannot connect to " + Masking.mask(url) + hostPort(url) + ": " + reason(error), error);
  }

  /**
   * Tells whether an error (or one of its causes) says the database could not be reached.
   *
   * @param error the error
   * @return {@code true} for a refused or failed connection
   */
  static boolean isConnectionFailure(Throwable error) {
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof UnknownHostException) {
        return true;
      }
      if (c instanceof SQLException s
          && s.getSQLState() != null
          && s.getSQLState().startsWith("08")) {
        return true;
      }
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (m.startsWith("cannot connect to the database")
          || m.contains("communications link failure")
          || m.contains("connection refused")
          || m.contains("ora-12541")) {
        return true;
      }
    }
    return false;
  }

  private static String reason(Throwable error) {
    String last = null;
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof UnknownHostException) {
        return "unknown host " + c.getMessage();
      }
      String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
      if (c instanceof ConnectException
          || m.contains("connection refused")
          || m.contains("refused")
          || m.contains("no listener")) {
        return "connection refused";
      }
      if (c instanceof SQLException && c.getMessage() != null) {
        last = c.getMessage();
      }
    }
    if (last == null) {
      last = String.valueOf(error.getMessage());
    }
    String line = last.strip().lines().findFirst().orElse("").strip();
    return Masking.mask(line.replaceFirst("^(?i)error:\\s*", ""));
  }

  /**
   * The host and port a JDBC URL names, with the driver's default port when it names none.
   *
   * @param url the JDBC URL
   * @return {@code " (host:port)"}, or an empty string for an embedded database or an unparsable
   *     URL
   */
  static String hostPort(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:h2:") && !lower.startsWith("jdbc:h2:tcp:")) {
      return "";
    }
    Matcher m = HOST_PORT.matcher(url.substring(url.indexOf(':', 5) + 1));
    if (!m.find()) {
      return "";
    }
    String port = m.group(2) != null ? m.group(2) : defaultPort(lower);
    return " (" + m.group(1) + (port == null ? "" : ":" + port) + ")";
  }

  private static String defaultPort(String lowerUrl) {
    if (lowerUrl.startsWith("jdbc:postgresql:")) {
      return "5432";
    }
    if (lowerUrl.startsWith("jdbc:mysql:") || lowerUrl.startsWith("jdbc:mariadb:")) {
      return "3306";
    }
    if (lowerUrl.startsWith("jdbc:sqlserver:")) {
      return "1433";
    }
    if (lowerUrl.startsWith("jdbc:oracle:")) {
      return "1521";
    }
    return null;
  }
}
