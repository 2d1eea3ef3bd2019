package io.ledgerkit.persistence.balance.redis.internal;

import io.ledgerkit.persistence.balance.BalanceStoreUnavailableException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.commands.JedisBinaryCommands;
import redis.clients.jedis.exceptions.JedisAskDataException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Runs the tracker's scripts with {@code EVALSHA} on a standalone server or a cluster. Scripts are
 * loaded on every node when the runner starts; a {@code NOSCRIPT} reply (after {@code SCRIPT FLUSH}
 * or a failover) is retried once with {@code EVAL}, which reloads the script on the node that
 * answered. Every client failure becomes {@link BalanceStoreUnavailableException}.
 */
public final class ScriptRunner {
  private final UnifiedJedis jedis;
  private final boolean cluster;
  private final String store;

  /**
   * Creates a runner.
   *
   * @param jedis the client
   * @param cluster whether the client talks to a Redis Cluster
   * @param store a description of the store for error messages (no password)
   */
  public ScriptRunner(UnifiedJedis jedis, boolean cluster, String store) {
    this.jedis = jedis;
    this.cluster = cluster;
    this.store = store;
  }

  /**
   * Tells whether a client talks to a Redis Cluster: a {@link RedisClusterClient} or {@link
   * JedisCluster} is, a {@link RedisClient} is not; for any other client the server is asked
   * ({@code INFO cluster}).
   *
   * @param jedis the client
   * @param store a description for error messages
   * @return whether it is a cluster client
   */
  public static boolean isCluster(UnifiedJedis jedis, String store) {
    if (jedis instanceof RedisClusterClient || jedis instanceof JedisCluster) {
      return true;
    }
    if (jedis instanceof RedisClient) {
      return false;
    }
    try {
      Object info =
          jedis.sendCommand(redis.clients.jedis.Protocol.Command.INFO, "cluster".getBytes());
      String text = info instanceof byte[] b ? new String(b) : String.valueOf(info);
      return text.contains("cluster_enabled:1");
    } catch (JedisException e) {
      throw unavailable(store, "cannot ask whether it is a cluster", e);
    }
  }

  /**
   * Whether the runner talks to a cluster.
   *
   * @return {@code true} for a cluster
   */
  public boolean cluster() {
    return cluster;
  }

  /**
   * The store's description.
   *
   * @return the description
   */
  public String store() {
    return store;
  }

  /**
   * The client.
   *
   * @return the client
   */
  public UnifiedJedis jedis() {
    return jedis;
  }

  /**
   * Loads scripts with {@code SCRIPT LOAD} on the server, or on every node of a cluster.
   *
   * @param scripts the scripts
   */
  public void loadEverywhere(List<LuaScript> scripts) {
    try {
      if (!cluster) {
        for (LuaScript s : scripts) {
          check(s, jedis.scriptLoad(s.source(), s.sha()));
        }
        return;
      }
      for (Map.Entry<String, ConnectionPool> node : clusterNodes().entrySet()) {
        try (Connection c = node.getValue().getResource()) {
          Jedis j = new Jedis(c);
          for (LuaScript s : scripts) {
            check(s, j.scriptLoad(s.source()));
          }
        }
      }
    } catch (JedisException e) {
      throw unavailable(store, "cannot load the tracker's Lua scripts", e);
    }
  }

  /**
   * The pools of every node of the cluster client.
   *
   * @return node name to pool
   */
  public Map<String, ConnectionPool> clusterNodes() {
    if (jedis instanceof RedisClusterClient c) {
      return c.getClusterNodes();
    }
    if (jedis instanceof JedisCluster c) {
      return c.getClusterNodes();
    }
    throw new IllegalStateException(
        "the client "
            + jedis.getClass().getName()
            + " is not a RedisClusterClient; cannot reach each node of the cluster");
  }

  private static void check(LuaScript s, byte[] sha) {
    if (!Arrays.equals(sha, s.sha())) {
      throw new IllegalStateException(
          "Redis named script " + s.name() + " " + new String(sha) + ", expected " + s.shaHex());
    }
  }

  private static void check(LuaScript s, String sha) {
    if (!s.shaHex().equals(sha)) {
      throw new IllegalStateException(
          "Redis named script " + s.name() + " " + sha + ", expected " + s.shaHex());
    }
  }

  /**
   * Runs a script with {@code EVALSHA}; on {@code NOSCRIPT} retries once with {@code EVAL} of the
   * source, which also loads the script again on the node of the keys.
   *
   * @param script the script
   * @param keys the keys (all in one slot on a cluster; at least one)
   * @param args the arguments
   * @return the raw reply
   * @throws BalanceStoreUnavailableException when the store fails
   */
  public Object eval(LuaScript script, List<byte[]> keys, List<byte[]> args) {
    JedisAskDataException ask = null;
    for (int attempt = 1; ; attempt++) {
      try {
        if (ask != null) {
          return askedEval(ask, script, keys, args);
        }
        try {
          return jedis.evalsha(script.sha(), keys, args);
        } catch (JedisNoScriptException e) {
          // The node lost its script cache (SCRIPT FLUSH, restart, failover): the script did not
          // run. EVAL runs it and caches it again on that node in one step, so a flush that lands
          // between a separate SCRIPT LOAD and the retry cannot fail the operation.
          return jedis.eval(script.source(), keys, args);
        }
      } catch (JedisException e) {
        if (attempt < MAX_REDIRECTIONS && redirected(e)) {
          ask = askOf(e);
          pause(attempt);
          continue;
        }
        throw failure(store, "script " + script.name() + " failed", e);
      }
    }
  }

  /**
   * Runs a read-only script like {@link #eval}: it writes nothing, so a lost reply says {@link
   * BalanceStoreUnavailableException.Applied#NO}, as every read does.
   *
   * @param script the script, which must not write
   * @param keys its keys (one slot)
   * @param args its arguments
   * @return the raw reply
   */
  public Object evalRead(LuaScript script, List<byte[]> keys, List<byte[]> args) {
    try {
      return eval(script, keys, args);
    } catch (BalanceStoreUnavailableException e) {
      if (!e.mayHaveBeenApplied()) {
        throw e;
      }
      throw BalanceStoreUnavailableException.notApplied(
          e.getMessage() + " (a read-only script: nothing was applied)", e);
    }
  }

  /**
   * Runs a read-only client call, mapping client failures. A read applies nothing, so its
   * unavailable-store failure always says {@link BalanceStoreUnavailableException.Applied#NO}.
   *
   * @param what what is done, for the message
   * @param call the call
   * @param <T> the result type
   * @return the result
   */
  public <T> T call(String what, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (JedisException e) {
        if (attempt < MAX_REDIRECTIONS && redirected(e)) {
          pause(attempt);
          continue;
        }
        RuntimeException f = failure(store, what + " failed", e);
        if (f instanceof BalanceStoreUnavailableException u && u.mayHaveBeenApplied()) {
          throw BalanceStoreUnavailableException.notApplied(
              "Redis balance store " + store + ": " + what + " failed (a read): " + e.getMessage(),
              e);
        }
        throw f;
      }
    }
  }

  /**
   * Runs one script call per entry in pipelines (on a cluster, Jedis groups them by node: one round
   * trip per node and chunk). A {@code NOSCRIPT} or redirection reply of one entry is run again on
   * its own with {@link #eval}; any other failure fails the whole call.
   *
   * @param script the script
   * @param keys the keys of each call (each call's keys in one slot)
   * @param args the arguments of each call
   * @return the raw reply of each call, in order
   * @throws BalanceStoreUnavailableException when the store fails (in doubt for a writing script)
   */
  public List<Object> evalAll(LuaScript script, List<List<byte[]>> keys, List<List<byte[]>> args) {
    int n = keys.size();
    List<redis.clients.jedis.Response<Object>> responses = new ArrayList<>(n);
    try (redis.clients.jedis.AbstractPipeline p = jedis.pipelined()) {
      for (int i = 0; i < n; i++) {
        responses.add(p.evalsha(script.sha(), keys.get(i), args.get(i)));
      }
      p.sync();
    } catch (JedisException e) {
      throw failure(store, "pipelined script " + script.name() + " failed", e);
    }
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      try {
        out[i] = responses.get(i).get();
      } catch (JedisException e) {
        if (e instanceof JedisNoScriptException
            || redirected(e)
            || String.valueOf(e.getMessage()).startsWith("NOSCRIPT")) {
          out[i] = eval(script, keys.get(i), args.get(i));
        } else {
          throw failure(store, "pipelined script " + script.name() + " failed", e);
        }
      }
    }
    return Arrays.asList(out);
  }

  /**
   * Runs one read command per key in pipelines (a read: failures say nothing was applied).
   *
   * @param what what is read, for messages
   * @param keys the keys
   * @param command the command per key on the pipeline
   * @param <T> the reply type
   * @return the replies, in order
   */
  public <T> List<T> readAll(
      String what,
      List<byte[]> keys,
      java.util.function.BiFunction<
              redis.clients.jedis.AbstractPipeline, byte[], redis.clients.jedis.Response<T>>
          command) {
    return call(
        what,
        () -> {
          List<redis.clients.jedis.Response<T>> responses = new ArrayList<>(keys.size());
          try (redis.clients.jedis.AbstractPipeline p = jedis.pipelined()) {
            for (byte[] k : keys) {
              responses.add(command.apply(p, k));
            }
            p.sync();
          }
          List<T> out = new ArrayList<>(keys.size());
          for (redis.clients.jedis.Response<T> r : responses) {
            out.add(r.get());
          }
          return out;
        });
  }

  /** Attempts of one call when the cluster redirects it (MOVED after a reshard or failover). */
  private static final int MAX_REDIRECTIONS = 5;

  /**
   * Whether the cluster client gave up on a redirection (MOVED or ASK): the server refused the
   * command without running it, so sending it again cannot apply it twice. A timeout or a broken
   * connection is never retried here: the script may have run.
   */
  private static boolean redirected(JedisException e) {
    if (e instanceof JedisRedirectionException) {
      return true;
    }
    if (e instanceof JedisClusterOperationException) {
      for (Throwable s : e.getSuppressed()) {
        if (s instanceof JedisRedirectionException) {
          return true;
        }
      }
    }
    return false;
  }

  private static JedisAskDataException askOf(JedisException e) {
    if (e instanceof JedisAskDataException a) {
      return a;
    }
    for (Throwable s : e.getSuppressed()) {
      if (s instanceof JedisAskDataException a) {
        return a;
      }
    }
    return null;
  }

  /**
   * Runs a script on the node an {@code ASK} named (its slot is migrating there), preceded by
   * {@code ASKING} on the same connection, as the cluster protocol requires.
   */
  private Object askedEval(
      JedisAskDataException ask, LuaScript script, List<byte[]> keys, List<byte[]> args) {
    ConnectionPool pool = clusterNodes().get(ask.getTargetNode().toString());
    if (pool == null) {
      throw ask;
    }
    try (Connection c = pool.getResource()) {
      Jedis node = new Jedis(c);
      node.asking();
      try {
        return node.evalsha(script.sha(), keys, args);
      } catch (JedisNoScriptException e) {
        node.asking();
        return node.eval(script.source(), keys, args);
      }
    }
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(attempt * 10L);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw BalanceStoreUnavailableException.notApplied(
          "interrupted while following a Redis Cluster redirection (the command did not run)", ie);
    }
  }

  /**
   * Maps a client failure: an error about the stored data becomes {@link IllegalStateException}
   * (retrying cannot fix it); everything else (connection, timeout, server state) becomes {@link
   * BalanceStoreUnavailableException}.
   *
   * @param store the store
   * @param what what failed
   * @param e the cause
   * @return the exception
   */
  public static RuntimeException failure(String store, String what, JedisException e) {
    if (e instanceof JedisDataException && isDataError(e.getMessage())) {
      return new IllegalStateException(
          "Redis balance store "
              + store
              + ": "
              + what
              + " on data the tracker did not write (a malformed balance or a key of another"
              + " type under the tracker's prefix; repair or delete it, retrying will not help): "
              + e.getMessage(),
          e);
    }
    return unavailable(store, what, e);
  }

  /**
   * Whether a Redis error reply is about the stored data (a script's own error on a malformed
   * value, or a key of the wrong type) rather than the server's state (OOM, BUSY, READONLY,
   * LOADING, CLUSTERDOWN, ...), which stays {@link BalanceStoreUnavailableException}.
   *
   * @param message the error reply
   * @return whether it is a data error
   */
  static boolean isDataError(String message) {
    if (message == null) {
      return false;
    }
    String reply = scriptErrorReply(message);
    return reply.startsWith("WRONGTYPE") || message.contains(": ledgerkit: ");
  }

  /**
   * The error reply of the command that failed inside a script, without the wrapping Redis 6 adds.
   * Redis 7 passes the reply of a failing {@code redis.call} through as it is ({@code WRONGTYPE
   * Operation against a key ...}); Redis 6 wraps it as {@code ERR Error running script (call to
   * f_<sha>): @user_script:98: WRONGTYPE Operation ...}. Any other message is returned as it is.
   *
   * @param message the error message of the client
   * @return the reply of the failed command
   */
  static String scriptErrorReply(String message) {
    Matcher m = REDIS6_SCRIPT_ERROR.matcher(message);
    return m.lookingAt() ? message.substring(m.end()) : message;
  }

  /** The prefix Redis 6 puts before the error of a command run by a script. */
  private static final Pattern REDIS6_SCRIPT_ERROR =
      Pattern.compile("ERR Error running script \\(call to f_[0-9a-f]+\\): @user_script:\\d+: ");

  /**
   * An unavailable-store exception naming the store and what failed, and saying whether the command
   * may have run: a failure to get or open a connection, and an error reply of the server (OOM,
   * BUSY, READONLY, LOADING, CLUSTERDOWN, ...: Redis refused the command before its first write),
   * mean it did not ({@link BalanceStoreUnavailableException.Applied#NO}); a read timeout or a
   * connection broken after the command was written leave it in doubt.
   *
   * @param store the store's description
   * @param what what failed
   * @param e the client's exception
   * @return the exception to throw
   */
  public static BalanceStoreUnavailableException unavailable(
      String store, String what, Throwable e) {
    String message = "Redis balance store " + store + ": " + what + ": " + e.getMessage();
    if (certainlyNotSent(e)) {
      return BalanceStoreUnavailableException.notApplied(message + "; nothing was applied", e);
    }
    return BalanceStoreUnavailableException.inDoubt(
        message + "; the operation may or may not have been applied", e);
  }

  /**
   * Whether a client failure happened before the command reached the server, or was a refusal by
   * the server: no connection could be borrowed or opened, or the server answered with an error.
   * Anything else (a read timeout, a reset or broken connection during the exchange) may have
   * happened after the server ran the command.
   */
  static boolean certainlyNotSent(Throwable e) {
    if (e instanceof JedisDataException) {
      return true; // an error reply: the server answered, and refused before writing
    }
    if (e instanceof JedisClusterOperationException) {
      // Every attempt of the cluster client failed; in doubt unless each one certainly did not run.
      Throwable[] suppressed = e.getSuppressed();
      if (e.getCause() != null) {
        return certainlyNotSent(e.getCause());
      }
      if (suppressed.length == 0) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No reachable node");
      }
      for (Throwable t : suppressed) {
        if (!certainlyNotSent(t)) {
          return false;
        }
      }
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      if (m.contains("Could not get a resource from the pool")
          || m.startsWith("Failed to connect")
          || t instanceof java.net.ConnectException
          || t instanceof java.net.UnknownHostException
          || t instanceof java.util.NoSuchElementException
          || (t instanceof java.net.SocketTimeoutException
              && m.toLowerCase(java.util.Locale.ROOT).contains("connect"))) {
        return true;
      }
      if (t instanceof java.net.SocketTimeoutException) {
        return false; // a read timeout: the command was sent
      }
    }
    return false;
  }

  /**
   * Lists the keys matching a pattern with {@code SCAN} on one server.
   *
   * @param node a client of one server (a standalone client or a connection to one node)
   * @param pattern the {@code MATCH} pattern
   * @return the keys
   */
  public static List<byte[]> scan(JedisBinaryCommands node, byte[] pattern) {
    List<byte[]> keys = new ArrayList<>();
    scan(node, pattern, keys::addAll);
    return keys;
  }

  /**
   * Walks the keys matching a pattern with {@code SCAN} on one server, a batch (one {@code SCAN}
   * reply) at a time, so memory is bounded by the batch however many keys match.
   *
   * @param node a client of one server (a standalone client or a connection to one node)
   * @param pattern the {@code MATCH} pattern
   * @param batch receives each non-empty batch of matching keys
   */
  public static void scan(
      JedisBinaryCommands node, byte[] pattern, java.util.function.Consumer<List<byte[]>> batch) {
    ScanParams params = new ScanParams().match(pattern).count(1000);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    do {
      ScanResult<byte[]> r = node.scan(cursor, params);
      if (!r.getResult().isEmpty()) {
        batch.accept(r.getResult());
      }
      cursor = r.getCursorAsBytes();
    } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
  }
}
