package io.ledgerkit.persistence.balance.redis.internal;

import java.util.function.Function;

/**
 * A position in the iteration over a per-shard index (every held hold, or every pending
 * settlement): a shard of the index and the last member ({@code <account>/<id>}) read from it. Its
 * text form is {@code <listing>:<shard>:<member>}, where the listing is {@code h1} for holds and
 * {@code s1} for settlements, so a cursor of one listing is refused by the other.
 *
 * @param shard the shard to read next
 * @param after the member to start after in that shard, or empty for its start
 */
public record IndexCursor(int shard, String after) {

  /**
   * Parses a cursor a page returned.
   *
   * @param listing the listing's prefix ({@code h1:} or {@code s1:})
   * @param cursor the text, or null for the start
   * @param shards the number of shards of the store
   * @param foreign the refusal of a cursor this store did not return, given the text
   * @return the position
   * @throws IllegalArgumentException when it is not a cursor of this store and listing
   */
  public static IndexCursor parse(
      String listing,
      String cursor,
      int shards,
      Function<String, IllegalArgumentException> foreign) {
    if (cursor == null) {
      return new IndexCursor(0, "");
    }
    if (cursor.startsWith(listing)) {
      int colon = cursor.indexOf(':', listing.length());
      if (colon > listing.length()) {
        try {
          int shard = Integer.parseInt(cursor.substring(listing.length(), colon));
          String after = cursor.substring(colon + 1);
          if (shard >= 0 && shard < shards && after.indexOf('/') > 0) {
            return new IndexCursor(shard, after);
          }
        } catch (NumberFormatException e) {
          // fall through
        }
      }
    }
    throw foreign.apply(cursor);
  }

  /**
   * The text form.
   *
   * @param listing the listing's prefix ({@code h1:} or {@code s1:})
   * @return {@code <listing><shard>:<member>}
   */
  public String text(String listing) {
    return listing + shard + ":" + after;
  }
}
