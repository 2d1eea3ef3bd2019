package io.ledgerkit.persistence.spring.boot.autoconfigure;

import io.ledgerkit.persistence.jpa.Ledgerkit;

/**
 * Adjusts the auto-configured {@link Ledgerkit} handle before it starts: schemas registered in
 * code, schema plugins, the clock, a balance tracker decorator. Declare beans of this type; they
 * are applied in their {@link org.springframework.core.annotation.Order order}.
 *
 * <pre>{@code
 * @Bean LedgerkitCustomizer cashSchema() {
 *   return builder -> builder.register(CashSchemaV1.class);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface LedgerkitCustomizer {

  /**
   * Called with the builder before {@link Ledgerkit.Builder#start()}.
   *
   * @param builder the builder, already given the configuration, the application's {@code
   *     DataSource} (when used) and its {@code IdentityService} (when there is one)
   */
  void customize(Ledgerkit.Builder builder);

  /**
   * Called once the handle runs, before it becomes a bean. A failure closes the handle and fails
   * the start. Does nothing by default.
   *
   * @param ledgerkit the running handle
   */
  default void started(Ledgerkit ledgerkit) {}
}
