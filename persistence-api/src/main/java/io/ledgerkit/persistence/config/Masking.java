package io.ledgerkit.persistence.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets before text reaches a log line, an exception message or {@code toString()}: the
 * password of URL user-info ({@code scheme://user:password@host}), Oracle-style {@code
 * user/password@host}, and the value of every URL parameter whose name contains {@code password},
 * {@code passwd}, {@code pwd} or {@code secret} ({@code ?password=...}, {@code &sslpassword=...},
 * {@code ;PASSWORD=...}), also in free text ({@code password=...} after a space, a comma or a
 * parenthesis, as drivers write them in messages). Everything else is left as it is, so the masked
 * text still says where a connection goes. The library's one masker: configuration, trackers, the
 * testkit and the CLI all use it.
 */
public final class Masking {

  /** What a hidden secret is replaced with. */
  public static final String MASK = "****";

  private static final Pattern USER_INFO =
      Pattern.compile("(://)([^/@?#;:\\[\\s]*):([^/?#;\\s]*)@");
  private static final Pattern ORACLE_USER_PASSWORD =
      Pattern.compile("(?i)(jdbc:oracle:[a-z0-9]+:)([^/@:\\s]+)/([^@\\s]+)@");
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile(
          "(?i)((?:^|[?&;,(\\s])[a-z0-9_.\\-]*(?:password|passwd|pwd|secret)[a-z0-9_.\\-]*=)([^&;#\\s,)]*)");

  private Masking() {}

  /**
   * Masks the credentials in a URL (JDBC, Redis or any other) or in any text that contains URLs.
   *
   * @param url the URL or text, may be {@code null}
   * @return the same text with every password replaced by {@value #MASK}; {@code null} for {@code
   *     null}
   */
  public static String mask(String url) {
    if (url == null) {
      return null;
    }
    String s = replaceNonEmpty(USER_INFO, url, 3, m -> m.group(1) + m.group(2) + ":" + MASK + "@");
    s =
        replaceNonEmpty(
            ORACLE_USER_PASSWORD, s, 3, m -> m.group(1) + m.group(2) + "/" + MASK + "@");
    return replaceNonEmpty(SECRET_PARAMETER, s, 2, m -> m.group(1) + MASK);
  }

  /**
   * Masks a secret value entirely.
   *
   * @param secret the secret, may be {@code null}
   * @return {@value #MASK} for a non-empty secret, the value itself when empty or {@code null}
   */
  public static String maskSecret(String secret) {
    return secret == null || secret.isEmpty() ? secret : MASK;
  }

  private interface Replacement {
    String apply(Matcher m);
  }

  private static String replaceNonEmpty(
      Pattern pattern, String text, int secretGroup, Replacement replacement) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      String r = m.group(secretGroup).isEmpty() ? m.group() : replacement.apply(m);
      m.appendReplacement(out, Matcher.quoteReplacement(r));
    }
    m.appendTail(out);
    return out.toString();
  }
}
