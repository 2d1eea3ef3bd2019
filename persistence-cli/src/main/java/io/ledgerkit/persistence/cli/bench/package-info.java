/**
 * The {@code ledgerkit bench} commands: balance and vault benchmarks with their stores, workloads
 * and baselines. Package-private except {@link io.ledgerkit.persistence.cli.bench.BenchCommands},
 * which adds them to the top command.
 */
package io.ledgerkit.persistence.cli.bench;
