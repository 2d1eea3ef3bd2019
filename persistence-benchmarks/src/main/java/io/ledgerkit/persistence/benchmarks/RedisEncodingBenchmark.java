package io.ledgerkit.persistence.benchmarks;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.FulfillRequest;
import io.ledgerkit.persistence.balance.FulfillResult;
import io.ledgerkit.persistence.balance.HoldRef;
import io.ledgerkit.persistence.balance.HoldResult;
import io.ledgerkit.persistence.balance.OperationId;
import io.ledgerkit.persistence.balance.PrepareRequest;
import io.ledgerkit.persistence.balance.PrepareResult;
import io.ledgerkit.persistence.balance.redis.internal.AccountOps;
import io.ledgerkit.persistence.balance.redis.internal.Keys;
import io.ledgerkit.persistence.balance.redis.internal.LuaScript;
import io.ledgerkit.persistence.balance.redis.internal.Replies;
import io.ledgerkit.persistence.balance.redis.internal.ReplyCodec;
import io.ledgerkit.persistence.balance.redis.internal.SlotBatches;
import io.ledgerkit.persistence.balance.redis.internal.SlotTags;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Redis tracker's client-side work alone, without Jedis or a server: building one call's keys
 * and arguments as {@code SlotBatches.one} does (the two lists, the common arguments, the item's
 * encoding), and decoding a reply item of the shape the scripts return. Standalone layout (one hold
 * index shard), prefix {@link BenchRedis#PREFIX}, amount 12,345, operation ids prebuilt (the
 * caller's cost is not measured here).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RedisEncodingBenchmark {
  private final AccountId account = AccountId.of("acct-1");
  private final OperationId id = OperationId.of("op-1-1234567890-42");
  private final HoldRef hold = HoldRef.of(account, id);
  private final PrepareRequest prepare =
      new PrepareRequest(account, TrackerCallBenchmark.AMOUNT, TrackerCallBenchmark.MIN_BALANCE);
  private final PrepareRequest prepareIdentified = prepare.withId(id);
  private final FulfillRequest fulfill = FulfillRequest.of(account, TrackerCallBenchmark.AMOUNT);
  private final List<byte[]> common =
      List.of(Replies.bytes(16), Replies.bytes(0), Replies.bytes(1));
  private final AccountOps ops =
      new AccountOps(
          new Keys(BenchRedis.PREFIX),
          new SlotTags(false),
          new SlotBatches(null, null, common),
          LuaScript.load("prepare"),
          LuaScript.load("resolve"),
          LuaScript.load("fulfill"));

  // Reply items as the scripts return them: {code, clearing, prepaid, ...}.
  private final List<Object> prepareReply =
      List.of(0L, ascii("-1234500"), ascii("0"), ascii("0"), ascii("12345"));
  private final List<Object> commitReply =
      Arrays.asList(
          0L,
          ascii("12345"),
          ascii("0"),
          ascii("12345"),
          ascii("1767225600000"),
          ascii(""),
          ascii("C"),
          ascii("1767225600001"),
          ascii("-1234500"),
          ascii("0"));
  private final List<Object> fulfillReply = List.of(0L, ascii("1234500"), ascii("0"));

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private List<byte[]> args() {
    List<byte[]> a = new ArrayList<>(common.size() + 6);
    a.addAll(common);
    return a;
  }

  @Benchmark
  public void encodePrepare(Blackhole bh) {
    List<byte[]> k = new ArrayList<>(6);
    List<byte[]> a = args();
    ops.encodePrepare(prepare, k, a);
    bh.consume(k);
    bh.consume(a);
  }

  @Benchmark
  public void encodePrepareIdentified(Blackhole bh) {
    List<byte[]> k = new ArrayList<>(6);
    List<byte[]> a = args();
    ops.encodePrepare(prepareIdentified, k, a);
    bh.consume(k);
    bh.consume(a);
  }

  @Benchmark
  public void encodeCommit(Blackhole bh) {
    List<byte[]> k = new ArrayList<>(6);
    List<byte[]> a = args();
    ops.encodeCommit(hold, k, a);
    bh.consume(k);
    bh.consume(a);
  }

  @Benchmark
  public void encodeFulfill(Blackhole bh) {
    List<byte[]> k = new ArrayList<>(6);
    List<byte[]> a = args();
    ops.encodeFulfill(fulfill, k, a);
    bh.consume(k);
    bh.consume(a);
  }

  @Benchmark
  public PrepareResult decodePrepare() {
    return ReplyCodec.prepare(prepareIdentified, prepareReply);
  }

  @Benchmark
  public HoldResult decodeCommit() {
    return AccountOps.decodeCommit(hold, commitReply);
  }

  @Benchmark
  public FulfillResult decodeFulfill() {
    return ReplyCodec.fulfill(fulfill, null, fulfillReply);
  }
}
