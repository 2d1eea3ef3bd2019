/**
 * Implementation details of the Redis balance tracker (Lua scripts, reply decoding, key layout).
 * Not a public API: it may change at any time.
 */
package io.ledgerkit.persistence.balance.redis.internal;
