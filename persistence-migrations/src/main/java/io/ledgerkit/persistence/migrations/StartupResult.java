package io.ledgerkit.persistence.migrations;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link SchemaMigration#startup()} did: migrated or verified, which change sets it applied,
 * and how long it took. For start-up logs and metrics (the {@code persistence-micrometer} module
 * turns it into gauges).
 *
 * @param migrated {@code true} when it ran the migrations ({@code runMigration=true}), {@code
 *     false} when it only verified that none was pending
 * @param applied the change sets applied, in order; empty when verifying or already up to date
 * @param duration how long the migrate or verify took, including Liquibase's start-up
 */
public record StartupResult(boolean migrated, List<ChangeSetRef> applied, Duration duration) {

  /**
   * Copies the list; requires both values.
   *
   * @param migrated whether it migrated (else verified)
   * @param applied the change sets applied
   * @param duration how long it took
   */
  public StartupResult {
    applied = List.copyOf(applied);
    Objects.requireNonNull(duration, "duration");
  }
}
