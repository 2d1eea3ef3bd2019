/**
 * What the command families of {@code ledgerkit} share: connection options and their failures,
 * terminal output, option converters. The CLI is an application, not an API: these types are public
 * only so that its packages can share them.
 */
package io.ledgerkit.persistence.cli.common;
