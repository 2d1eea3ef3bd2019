package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.spi.Amounts;

/**
 * A position in the iteration over every held hold: a shard of the held index and the last member
 * ({@code <account>/<id>}) read from it. Its text form is {@code h1:<shard>:<member>}.
 *
 * @param shard the shard to read next
 * @param after the member to start after in that shard, or empty for its start
 */
public record HoldCursor(int shard, String after) {
  private static final String PREFIX = "h1:";

  /**
   * Parses a cursor a page returned.
   *
   * @param cursor the text, or null for the start
   * @param shards the number of shards of the store
   * @return the position
   * @throws IllegalArgumentException when it is not a cursor of this store
   */
  public static HoldCursor parse(String cursor, int shards) {
    if (cursor == null) {
      return new HoldCursor(0, "");
    }
    if (cursor.startsWith(PREFIX)) {
      int colon = cursor.indexOf(':', PREFIX.length());
      if (colon > PREFIX.length()) {
        try {
          int shard = Integer.parseInt(cursor.substring(PREFIX.length(), colon));
          String after = cursor.substring(colon + 1);
          if (shard >= 0 && shard < shards && after.indexOf('/') > 0) {
            return new HoldCursor(shard, after);
          }
        } catch (NumberFormatException e) {
          // fall through
        }
      }
    }
    throw Amounts.foreignCursor(cursor);
  }

  /**
   * The text form.
   *
   * @return {@code h1:<shard>:<member>}
   */
  public String text() {
    return PREFIX + shard + ":" + after;
  }
}
