package io.ledgerkit.persistence.testkit.internal;

import java.util.Objects;

/**
 * Where a test service comes from, as decided by {@link Resolver}.
 *
 * @param origin the kind of source
 * @param url the URL from the environment ({@link Origin#ENV} only), else null
 * @param detail the environment variable name for {@link Origin#ENV}, the skip message for {@link
 *     Origin#SKIP}, else a short description
 */
public record Resolution(Origin origin, String url, String detail) {

  /** The kinds of source, in resolution order. */
  public enum Origin {
    /** A URL from a {@code LEDGERKIT_TEST_*_URL} environment variable. */
    ENV,
    /** An embedded real server started from Maven artifacts. */
    EMBEDDED,
    /** A container started by Testcontainers. */
    TESTCONTAINERS,
    /** An in-memory H2 database. */
    IN_MEMORY,
    /** Nothing available: the test is skipped with {@link Resolution#detail()} as the reason. */
    SKIP
  }

  /**
   * Validates the components.
   *
   * @param origin the kind of source
   * @param url the URL from the environment ({@link Origin#ENV} only), else null
   * @param detail the environment variable name for {@link Origin#ENV}, the skip message for {@link
   *     Origin#SKIP}, else a short description
   */
  public Resolution {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(detail, "detail");
  }
}
