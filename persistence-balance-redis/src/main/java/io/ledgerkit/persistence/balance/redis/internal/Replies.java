package io.ledgerkit.persistence.balance.redis.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Decodes the structured replies of the scripts: {@code {code, value...}} arrays. */
public final class Replies {
  /** The item succeeded. */
  public static final int OK = 0;

  /** A prepare would cross the minimum balance. */
  public static final int INSUFFICIENT = 1;

  /** A balance would leave the signed 64-bit range. */
  public static final int OVERFLOW = 2;

  /** No such settlement. */
  public static final int UNKNOWN = 3;

  /** A settlement or idempotency key was reused inconsistently. */
  public static final int CONFLICT = 4;

  /**
   * The item found data the tracker did not write (a key of another type, a malformed value); the
   * item wrote nothing.
   */
  public static final int DATA = 5;

  /** An incoming-settlement claim is held by another call applying it right now. */
  public static final int HELD = 6;

  private Replies() {}

  /**
   * The items of a batch reply.
   *
   * @param reply the raw reply
   * @param expected the number of items sent
   * @return the items
   */
  @SuppressWarnings("unchecked")
  public static List<Object> items(Object reply, int expected) {
    if (!(reply instanceof List<?> list) || list.size() != expected) {
      throw new IllegalStateException(
          "unexpected reply from a balance script: expected " + expected + " items, got " + reply);
    }
    return (List<Object>) list;
  }

  /**
   * One item as a list.
   *
   * @param item the item
   * @return its parts
   */
  @SuppressWarnings("unchecked")
  public static List<Object> item(Object item) {
    if (!(item instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalStateException("unexpected reply item from a balance script: " + item);
    }
    return (List<Object>) list;
  }

  /**
   * The status code of an item.
   *
   * @param item the item's parts
   * @return the code
   */
  public static int code(List<Object> item) {
    Object c = item.get(0);
    if (c instanceof Long l) {
      return l.intValue();
    }
    throw new IllegalStateException("unexpected status in a balance script reply: " + c);
  }

  /**
   * A decimal part of an item as a {@code long}.
   *
   * @param item the item's parts
   * @param index the index
   * @return the value
   */
  public static long number(List<Object> item, int index) {
    return parseLong((byte[]) item.get(index));
  }

  /**
   * A text part of an item.
   *
   * @param item the item's parts
   * @param index the index
   * @return the text
   */
  public static String text(List<Object> item, int index) {
    return new String((byte[]) item.get(index), StandardCharsets.UTF_8);
  }

  /**
   * Parses an ASCII decimal {@code long} without creating a string; {@code null} is zero.
   *
   * @param b the digits, with an optional leading '-'
   * @return the value
   * @throws IllegalStateException when it is not a 64-bit decimal integer
   */
  public static long parseLong(byte[] b) {
    if (b == null) {
      return 0;
    }
    int n = b.length;
    if (n == 0 || n > 20) {
      throw corrupt(b);
    }
    boolean neg = b[0] == '-';
    int i = neg ? 1 : 0;
    if (i == n) {
      throw corrupt(b);
    }
    // accumulate negatively so that Long.MIN_VALUE parses
    long r = 0;
    for (; i < n; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9 || r < Long.MIN_VALUE / 10) {
        throw corrupt(b);
      }
      r *= 10;
      if (r < Long.MIN_VALUE + d) {
        throw corrupt(b);
      }
      r -= d;
    }
    if (neg) {
      return r;
    }
    if (r == Long.MIN_VALUE) {
      throw corrupt(b);
    }
    return -r;
  }

  /**
   * Formats a {@code long} as ASCII decimal bytes; small values share cached arrays, which must not
   * be modified.
   *
   * @param v the value
   * @return the digits
   */
  public static byte[] bytes(long v) {
    if (v >= 0 && v < SMALL.length) {
      return SMALL[(int) v];
    }
    // The digits written straight into the result: one array, where Long.toString(v).getBytes()
    // makes a String and its array and then a copy.
    boolean neg = v < 0;
    int n = neg ? 2 : 1; // the sign and the first digit
    for (long q = v / 10; q != 0; q /= 10) {
      n++;
    }
    byte[] out = new byte[n];
    long r = neg ? v : -v; // negative, so that Long.MIN_VALUE has its digits
    for (int i = n - 1; i >= (neg ? 1 : 0); i--) {
      out[i] = (byte) ('0' - (r % 10));
      r /= 10;
    }
    if (neg) {
      out[0] = '-';
    }
    return out;
  }

  /** The digits of 0 to 1023, shared (callers never modify argument arrays). */
  private static final byte[][] SMALL = new byte[1024][];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    }
  }

  private static IllegalStateException corrupt(byte[] b) {
    return new IllegalStateException(
        "the Redis balance store holds '"
            + new String(b, StandardCharsets.UTF_8)
            + "' where a 64-bit decimal integer was expected");
  }
}
