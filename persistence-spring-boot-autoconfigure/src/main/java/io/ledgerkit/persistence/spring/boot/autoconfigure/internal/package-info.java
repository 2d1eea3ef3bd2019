/** Mechanics of the Spring Boot auto-configuration; not for applications. */
package io.ledgerkit.persistence.spring.boot.autoconfigure.internal;
