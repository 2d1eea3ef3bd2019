package io.ledgerkit.examples.connector;

import io.ledgerkit.persistence.balance.AccountId;

/**
 * One packet through the connector: it arrives from {@code from}, is forwarded to {@code to}, and
 * the next hop either fulfills or rejects it.
 *
 * @param sequence the packet's position in the stream
 * @param from the incoming account (its balance is prepared)
 * @param to the outgoing account (its balance is credited on fulfill)
 * @param amount the amount, positive
 * @param fulfilled whether the next hop fulfills the packet
 */
public record Packet(int sequence, AccountId from, AccountId to, long amount, boolean fulfilled) {}
