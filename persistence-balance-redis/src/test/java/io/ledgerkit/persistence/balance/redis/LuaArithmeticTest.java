package io.ledgerkit.persistence.balance.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerkit.persistence.balance.redis.internal.LuaScript;
import io.ledgerkit.persistence.testkit.TestRedisExtension;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Runs the scripts' exact arithmetic library (lib.lua) inside a real Redis and compares every
 * result with {@link BigInteger}, on the values where doubles go wrong.
 */
@DisplayName("The Lua arithmetic of the Redis scripts is exact on 64-bit edge values")
class LuaArithmeticTest {
  @RegisterExtension static final TestRedisExtension REDIS = TestRedisExtension.standalone();

  private static final BigInteger MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private static final String HARNESS =
      """
      local out = {}
      for i = 1, #ARGV, 2 do
        local ah, al = num(ARGV[i])
        local bh, bl = num(ARGV[i + 1])
        local sh, sl = add(ah, al, bh, bl)
        local dh, dl = sub(ah, al, bh, bl)
        out[#out + 1] = str(sh, sl)
        out[#out + 1] = str(dh, dl)
        out[#out + 1] = lt(ah, al, bh, bl) and '1' or '0'
        out[#out + 1] = fits(sh, sl) and '1' or '0'
        out[#out + 1] = fits(dh, dl) and '1' or '0'
        out[#out + 1] = str(ah, al)
      end
      return out
      """;

  private static List<Long> edges() {
    long p53 = 1L << 53;
    List<Long> v =
        new ArrayList<>(
            List.of(
                0L,
                1L,
                -1L,
                2L,
                -2L,
                999_999_999L,
                1_000_000_000L,
                1_000_000_001L,
                -999_999_999L,
                -1_000_000_000L,
                -1_000_000_001L,
                p53 - 1,
                p53,
                p53 + 1,
                -p53 - 1,
                -p53,
                4_611_686_018_427_387_904L,
                Long.MAX_VALUE,
                Long.MAX_VALUE - 1,
                Long.MIN_VALUE,
                Long.MIN_VALUE + 1,
                9_223_372_036_000_000_000L,
                -9_223_372_036_854_775_807L,
                123_456_789_012_345_678L));
    SplittableRandom r = new SplittableRandom(42);
    for (int i = 0; i < 16; i++) {
      v.add(r.nextLong());
    }
    return v;
  }

  @Test
  @DisplayName("add, sub, lt, range check and formatting agree with BigInteger for every pair")
  void agreesWithBigInteger() {
    List<Long> values = edges();
    List<String> args = new ArrayList<>();
    for (long a : values) {
      for (long b : values) {
        args.add(Long.toString(a));
        args.add(Long.toString(b));
      }
    }
    try (RedisClient jedis = RedisClient.create(REDIS.redis().uri())) {
      @SuppressWarnings("unchecked")
      List<Object> out =
          (List<Object>) jedis.eval(LuaScript.library() + "\n" + HARNESS, List.of(), args);
      assertThat(out).hasSize(args.size() * 3);
      int k = 0;
      for (long a : values) {
        for (long b : values) {
          BigInteger x = BigInteger.valueOf(a);
          BigInteger y = BigInteger.valueOf(b);
          BigInteger sum = x.add(y);
          BigInteger diff = x.subtract(y);
          String what = a + " and " + b;
          assertThat(out.get(k++)).as("sum of " + what).isEqualTo(sum.toString());
          assertThat(out.get(k++)).as("difference of " + what).isEqualTo(diff.toString());
          assertThat(out.get(k++)).as(a + " < " + b).isEqualTo(a < b ? "1" : "0");
          assertThat(out.get(k++)).as("sum of " + what + " fits").isEqualTo(fits(sum));
          assertThat(out.get(k++)).as("difference of " + what + " fits").isEqualTo(fits(diff));
          assertThat(out.get(k++)).as("round trip of " + a).isEqualTo(Long.toString(a));
        }
      }
    }
  }

  @Test
  @DisplayName("values that are not 64-bit decimal integers are refused, not rounded")
  void refusesMalformedNumbers() {
    try (RedisClient jedis = RedisClient.create(REDIS.redis().uri())) {
      for (String bad : List.of("", "-", "1e3", "12345678901234567890", "1.5", " 1", "0x10")) {
        assertThatThrownBy(
                () ->
                    jedis.eval(
                        LuaScript.library() + "\nreturn str(num(ARGV[1]))",
                        List.of(),
                        List.of(bad)))
            .as("'" + bad + "'")
            .isInstanceOf(JedisDataException.class)
            .hasMessageContaining("not a 64-bit decimal integer");
      }
    }
  }

  private static String fits(BigInteger v) {
    return v.compareTo(MIN) >= 0 && v.compareTo(MAX) <= 0 ? "1" : "0";
  }
}
