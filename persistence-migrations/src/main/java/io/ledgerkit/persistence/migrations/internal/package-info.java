/** Liquibase plumbing of the migrations module; not for use outside it. */
package io.ledgerkit.persistence.migrations.internal;
