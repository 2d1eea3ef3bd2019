/** Tests of the migration commands of the {@code ledgerkit} CLI (in-process). */
package io.ledgerkit.persistence.cli.migrations;
