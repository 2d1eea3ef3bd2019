package io.ledgerkit.persistence.balance.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The digits the tracker sends for every amount, balance and time are those of {@link
 * Long#toString(long)} for every 64-bit value, and parse back to the same value.
 */
class RepliesDigitsTest {

  @Test
  void everyValueHasTheDigitsOfLongToString() {
    List<Long> values = new ArrayList<>(List.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L));
    for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
      values.addAll(List.of(p - 1, p, p + 1, -p + 1, -p, -p - 1));
      if (p > Long.MAX_VALUE / 10) {
        break;
      }
    }
    values.addAll(List.of(1022L, 1023L, 1024L, 1025L, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < 10_000; i++) {
      values.add(r.nextLong());
      values.add(r.nextLong(-100_000, 100_000));
    }
    for (long v : values) {
      byte[] digits = Replies.bytes(v);
      assertThat(new String(digits, StandardCharsets.US_ASCII))
          .as("digits of %d", v)
          .isEqualTo(Long.toString(v));
      assertThat(Replies.parseLong(digits)).isEqualTo(v);
    }
  }
}
