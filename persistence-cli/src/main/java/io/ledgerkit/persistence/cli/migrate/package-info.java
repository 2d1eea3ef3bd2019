/**
 * The {@code ledgerkit} migration and schema commands on Liquibase, with the schema selection they
 * share. Package-private except {@link io.ledgerkit.persistence.cli.migrate.MigrationCommands},
 * which adds them to the top command, and the {@link
 * io.ledgerkit.persistence.cli.migrate.MigrationAliases} mixin of the top command.
 */
package io.ledgerkit.persistence.cli.migrate;
