/**
 * The {@code ledgerkit} command-line application: picocli commands for migrations, schemas and
 * benchmarks. Entry point: {@link io.ledgerkit.persistence.cli.LedgerkitCli}.
 */
package io.ledgerkit.persistence.cli;
