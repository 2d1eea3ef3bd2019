/**
 * JMH benchmarks of the balance trackers' own cost per call: CPU time and allocation of {@code
 * prepare}, {@code fulfill} and {@code commit} on the in-memory tracker (the floor) and on the
 * Redis tracker against a real server, and of the Redis tracker's encoding and decoding alone. Run
 * {@code java -jar persistence-benchmarks/target/benchmarks.jar -prof gc}; see {@code
 * docs/performance.md}, "Client cost (JMH)".
 */
package io.ledgerkit.persistence.benchmarks;
