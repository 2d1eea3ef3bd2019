package io.ledgerkit.persistence.testkit.internal;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Random names for per-test schemas, databases and key prefixes. */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {}

  /** {@return 8 random lower-case hex digits, e.g. {@code 3f9a1c2e}} */
  public static String hex8() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** {@return a fresh schema or database name such as {@code lkt_3f9a1c2e}} */
  public static String schemaName() {
    return "lkt_" + hex8();
  }
}
