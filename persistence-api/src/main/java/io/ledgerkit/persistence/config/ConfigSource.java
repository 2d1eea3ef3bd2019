package io.ledgerkit.persistence.config;

/** Where the effective value of a configuration key came from, from weakest to strongest. */
public enum ConfigSource {
  /** The built-in default (the key was not set anywhere). */
  DEFAULT,
  /** A properties file (or {@link java.util.Properties} given to the builder). */
  FILE,
  /** A {@code LEDGERKIT_*} environment variable. */
  ENVIRONMENT,
  /** A value set in code on the {@link LedgerkitConfig.Builder}. */
  CODE
}
