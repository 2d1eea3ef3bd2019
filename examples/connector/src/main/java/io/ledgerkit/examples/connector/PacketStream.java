package io.ledgerkit.examples.connector;

import io.ledgerkit.persistence.balance.AccountId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A reproducible stream of packets between accounts (the same seed gives the same stream). */
public final class PacketStream {

  private PacketStream() {}

  /**
   * Generates packets between distinct accounts, amounts 1 to {@code maxAmount}, about one in five
   * rejected by the next hop.
   *
   * @param seed the random seed
   * @param count how many packets
   * @param accounts the accounts, at least two
   * @param maxAmount the largest amount
   * @return the packets
   */
  public static List<Packet> generate(
      long seed, int count, List<AccountId> accounts, long maxAmount) {
    if (accounts.size() < 2) {
      throw new IllegalArgumentException("need at least two accounts, got " + accounts);
    }
    Random random = new Random(seed);
    List<Packet> packets = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int from = random.nextInt(accounts.size());
      int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
      long amount = 1 + (long) (random.nextDouble() * maxAmount);
      boolean fulfilled = random.nextInt(5) != 0;
      packets.add(new Packet(i, accounts.get(from), accounts.get(to), amount, fulfilled));
    }
    return List.copyOf(packets);
  }
}
