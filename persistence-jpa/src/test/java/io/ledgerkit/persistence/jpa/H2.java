package io.ledgerkit.persistence.jpa;

import java.util.UUID;

/** Fresh in-memory H2 databases for tests. */
final class H2 {
  private H2() {}

  static String freshUrl() {
    return "jdbc:h2:mem:jpa-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }
}
