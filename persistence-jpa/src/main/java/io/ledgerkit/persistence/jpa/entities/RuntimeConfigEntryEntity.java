package io.ledgerkit.persistence.jpa.entities;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code runtime_config_entries}: a configuration value changed at run time, with an
 * optimistic version ({@code entry_version}) so that two concurrent updates cannot silently
 * overwrite each other (the later commit fails with {@link
 * jakarta.persistence.OptimisticLockException}).
 */
@Entity(name = "RuntimeConfigEntry")
@Table(name = "runtime_config_entries")
public class RuntimeConfigEntryEntity {

  @Id
  @Column(name = "config_key", length = 255, nullable = false)
  private String key;

  @Column(name = "config_value", length = 4000)
  private String value;

  @Version
  @Column(name = "entry_version", nullable = false)
  private long version;

  @Column(name = "updated_at", nullable = false)
  private Instant updatedAt;

  /** For JPA. */
  protected RuntimeConfigEntryEntity() {}

  /**
   * Creates an entry.
   *
   * @param key the key, 1 to 255 characters
   * @param value the value, at most 4000 characters, or {@code null}
   * @param updatedAt when it was set
   */
  public RuntimeConfigEntryEntity(String key, String value, Instant updatedAt) {
    if (Objects.requireNonNull(key, "key").isBlank() || key.length() > 255) {
      throw new IllegalArgumentException("config key '" + key + "' must be 1 to 255 characters");
    }
    this.key = key;
    setValue(value, updatedAt);
  }

  /**
   * The key.
   *
   * @return the key
   */
  public String getKey() {
    return key;
  }

  /**
   * The value, or {@code null}.
   *
   * @return the value
   */
  public String getValue() {
    return value;
  }

  /**
   * The optimistic version, incremented by every update.
   *
   * @return the version
   */
  public long getVersion() {
    return version;
  }

  /**
   * When the value was last set.
   *
   * @return the time
   */
  public Instant getUpdatedAt() {
    return updatedAt;
  }

  /**
   * Changes the value.
   *
   * @param value the new value, at most 4000 characters, or {@code null}
   * @param at the time of the change
   */
  public void setValue(String value, Instant at) {
    if (value != null && value.length() > 4000) {
      throw new IllegalArgumentException(
          "value of config key '" + key + "' has " + value.length() + " characters; at most 4000");
    }
    this.value = value;
    this.updatedAt = Objects.requireNonNull(at, "at");
  }
}
