/**
 * Spring Boot 4 auto-configuration of Ledgerkit: {@code ledgerkit.*} properties validated by the
 * library into a {@link io.ledgerkit.persistence.config.LedgerkitConfig}, the {@link
 * io.ledgerkit.persistence.jpa.Ledgerkit} handle and its parts as beans (each replaceable), health
 * indicators and the Micrometer binding. See {@code docs/spring-boot.md}.
 */
package io.ledgerkit.persistence.spring.boot.autoconfigure;
