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
   * Runs any other client call, mapping client failures.
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
        throw failure(store, what + " failed", e);
      }
    }
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
      throw new BalanceStoreUnavailableException(
          "interrupted while following a Redis Cluster redirection", ie);
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
   * An unavailable-store exception naming the store and what failed.
   *
   * @param store the store's description
   * @param what what failed
   * @param e the client's exception
   * @return the exception to throw
   */
  public static BalanceStoreUnavailableException unavailable(
      String store, String what, Throwable e) {
    return new BalanceStoreUnavailableException(
        "Redis balance store " + store + ": " + what + ": " + e.getMessage(), e);
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
    ScanParams params = new ScanParams().match(pattern).count(1000);
    byte[] cursor = ScanParams.SCAN_POINTER_START_BINARY;
    do {
      ScanResult<byte[]> r = node.scan(cursor, params);
      keys.addAll(r.getResult());
      cursor = r.getCursorAsBytes();
    } while (!Arrays.equals(cursor, ScanParams.SCAN_POINTER_START_BINARY));
    return keys;
  }
}
