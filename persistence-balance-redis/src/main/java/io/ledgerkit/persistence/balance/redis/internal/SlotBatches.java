package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceException;
import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import io.ledgerkit.persistence.balance.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Runs the account scripts, single and batched: the common arguments (journal and operation
 * retention, see {@code lib.lua}) first, then each item's. A batch is one script call on a
 * standalone server and one per slot, in parallel, on a cluster. Each item's refusal or data error
 * is its own outcome.
 */
public final class SlotBatches {
  /** Encodes one item's keys and arguments. */
  @FunctionalInterface
  public interface Encoder<R> {
    /**
     * Appends the item's keys and arguments.
     *
     * @param item the item
     * @param keys the script's keys
     * @param args the script's arguments
     */
    void encode(R item, List<byte[]> keys, List<byte[]> args);
  }

  /** Decodes one item's reply, throwing its refusal. */
  @FunctionalInterface
  public interface Decoder<R, T> {
    /**
     * Decodes the item's reply.
     *
     * @param item the item
     * @param reply the reply's parts
     * @return the result
     */
    T decode(R item, List<Object> reply);
  }

  private final ScriptRunner runner;
  private final ExecutorService executor;
  private final List<byte[]> common;
  // The same arguments as an array: ArrayList.addAll(list) copies its argument to a new array
  // (toArray) at every call; adding from this array does not.
  private final byte[][] commonArgs;

  /**
   * Creates the runner of batches.
   *
   * @param runner the script runner
   * @param executor the threads for the slots of a cluster batch beyond the first, or null
   * @param common the common arguments every account script takes first
   */
  public SlotBatches(ScriptRunner runner, ExecutorService executor, List<byte[]> common) {
    this.runner = runner;
    this.executor = executor;
    this.common = List.copyOf(common);
    this.commonArgs = this.common.toArray(new byte[0][]);
  }

  /**
   * The common arguments.
   *
   * @return them
   */
  public List<byte[]> common() {
    return common;
  }

  /**
   * Runs a script with the common arguments before its own.
   *
   * @param script the script
   * @param keys its keys
   * @param args its own arguments
   * @return the raw reply
   */
  public Object eval(LuaScript script, List<byte[]> keys, List<byte[]> args) {
    List<byte[]> a = new ArrayList<>(common.size() + args.size());
    addCommon(a);
    a.addAll(args);
    return runner.eval(script, keys, a);
  }

  /**
   * Runs one item alone and decodes it.
   *
   * @param script the script
   * @param item the item
   * @param encoder its encoder
   * @param decoder its decoder
   * @param <R> the item type
   * @param <T> the result type
   * @return the result
   */
  public <R, T> T one(LuaScript script, R item, Encoder<R> encoder, Decoder<R, T> decoder) {
    List<byte[]> k = new ArrayList<>(6);
    List<byte[]> a = new ArrayList<>(common.size() + 6);
    addCommon(a);
    encoder.encode(item, k, a);
    Object reply = runner.eval(script, k, a);
    return decoder.decode(item, Replies.item(Replies.items(reply, 1).get(0)));
  }

  /**
   * Runs a batch: one script call per slot.
   *
   * @param script the script
   * @param items the items
   * @param account each item's account
   * @param encoder the encoder
   * @param decoder the decoder
   * @param <R> the item type
   * @param <T> the result type
   * @return one outcome per item, in order
   */
  public <R, T> List<Outcome<T>> run(
      LuaScript script,
      List<R> items,
      Function<R, AccountId> account,
      Encoder<R> encoder,
      Decoder<R, T> decoder) {
    int n = items.size();
    if (n == 0) {
      return List.of();
    }
    @SuppressWarnings("unchecked")
    Outcome<T>[] out = new Outcome[n];
    if (!runner.cluster()) {
      return group(script, items, allIndexes(n), encoder, decoder, out);
    }
    Map<Integer, List<Integer>> slots = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      int slot = JedisClusterCRC16.getSlot(account.apply(items.get(i)).value());
      slots.computeIfAbsent(slot, s -> new ArrayList<>()).add(i);
    }
    if (slots.size() == 1) {
      return group(script, items, allIndexes(n), encoder, decoder, out);
    }
    List<List<Integer>> groups = new ArrayList<>(slots.values());
    List<CompletableFuture<Void>> futures = new ArrayList<>(groups.size());
    for (int g = 1; g < groups.size(); g++) {
      List<Integer> group = groups.get(g);
      futures.add(
          CompletableFuture.runAsync(
              () -> groupOrFail(script, items, group, encoder, decoder, out), executor));
    }
    groupOrFail(script, items, groups.get(0), encoder, decoder, out);
    for (CompletableFuture<Void> f : futures) {
      try {
        f.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    BalanceStoreUnavailableException firstFailure = null;
    boolean anySuccess = false;
    for (Outcome<T> o : out) {
      if (o instanceof Outcome.Failure<T> f
          && f.error() instanceof BalanceStoreUnavailableException u) {
        firstFailure = firstFailure == null ? u : firstFailure;
      } else {
        anySuccess = true;
      }
    }
    if (firstFailure != null && !anySuccess) {
      throw firstFailure;
    }
    return Arrays.asList(out);
  }

  private void addCommon(List<byte[]> a) {
    for (byte[] arg : commonArgs) {
      a.add(arg);
    }
  }

  private static List<Integer> allIndexes(int n) {
    List<Integer> all = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      all.add(i);
    }
    return all;
  }

  /** Runs one slot's group; a store failure fails that group's items (other groups may apply). */
  private <R, T> void groupOrFail(
      LuaScript script,
      List<R> items,
      List<Integer> indexes,
      Encoder<R> encoder,
      Decoder<R, T> decoder,
      Outcome<T>[] out) {
    try {
      group(script, items, indexes, encoder, decoder, out);
    } catch (BalanceStoreUnavailableException | IllegalStateException e) {
      for (int i : indexes) {
        out[i] = Outcome.failure(e);
      }
    }
  }

  private <R, T> List<Outcome<T>> group(
      LuaScript script,
      List<R> items,
      List<Integer> indexes,
      Encoder<R> encoder,
      Decoder<R, T> decoder,
      Outcome<T>[] out) {
    List<byte[]> k = new ArrayList<>(indexes.size() * 6);
    List<byte[]> a = new ArrayList<>(common.size() + indexes.size() * 6);
    addCommon(a);
    for (int i : indexes) {
      encoder.encode(items.get(i), k, a);
    }
    Object reply;
    try {
      reply = runner.eval(script, k, a);
    } catch (IllegalStateException e) {
      if (indexes.size() == 1) {
        throw e;
      }
      // The batch script stopped at one item's bad data; Redis kept the writes of the items it
      // ran before. Not a batch that applied nothing, so no caller may be told "not applied" (and
      // the auto-batcher must not run the items again): every item of the group is in doubt.
      BalanceStoreUnavailableException inDoubt =
          BalanceStoreUnavailableException.inDoubt(
              e.getMessage()
                  + "; the batch script stopped there and the items before it may have been"
                  + " applied: reconcile with balance(account)",
              e);
      for (int i : indexes) {
        out[i] = Outcome.failure(inDoubt.copy());
      }
      return Arrays.asList(out);
    }
    List<Object> replies = Replies.items(reply, indexes.size());
    for (int j = 0; j < indexes.size(); j++) {
      int i = indexes.get(j);
      try {
        out[i] = Outcome.success(decoder.decode(items.get(i), Replies.item(replies.get(j))));
      } catch (BalanceException | IllegalStateException e) {
        // a refusal or a data error of this item alone (it wrote nothing); the others stand
        out[i] = Outcome.failure(e);
      }
    }
    return Arrays.asList(out);
  }
}
