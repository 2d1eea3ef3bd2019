/**
 * Configuration of Ledgerkit: {@link io.ledgerkit.persistence.config.LedgerkitConfig}, loaded from
 * a properties file, from {@code LEDGERKIT_*} environment variables and from code (in that rising
 * order of precedence), validated as a whole ({@link
 * io.ledgerkit.persistence.config.InvalidConfigurationException} lists every problem at once), with
 * secrets masked wherever it is printed. The keys and their environment names are in {@link
 * io.ledgerkit.persistence.config.ConfigKeys}.
 */
package io.ledgerkit.persistence.config;
