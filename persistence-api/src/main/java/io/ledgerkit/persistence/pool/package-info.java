/**
 * The one factory of the HikariCP connection pools the library owns: {@link
 * io.ledgerkit.persistence.pool.PoolSettings} (every rule on a pool's values, checked at once with
 * a message naming the value) and {@link io.ledgerkit.persistence.pool.Pools} (the pool from them:
 * masked name and logs, driver timeouts in the driver's own unit). Needs {@code
 * com.zaxxer:HikariCP} on the class path.
 */
package io.ledgerkit.persistence.pool;
