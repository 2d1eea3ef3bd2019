/**
 * Exact, atomic, cluster-safe balance tracking on Redis: {@link
 * io.ledgerkit.persistence.balance.redis.RedisBalanceTracker}.
 */
package io.ledgerkit.persistence.balance.redis;
